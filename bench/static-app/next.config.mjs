// The benchmark's baseline: a minimal, static next-auth v4 app (one OIDC provider, no database).
/** @type {import("next").NextConfig} */
export default { poweredByHeader: false, devIndicators: false };
