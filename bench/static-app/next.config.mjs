// The benchmark's baseline: a minimal, static next-auth v4 app (one OIDC provider, no database).
/** @type {import("next").NextConfig} */
const config = { poweredByHeader: false, devIndicators: false };

export default config;
