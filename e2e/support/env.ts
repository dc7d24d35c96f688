// Fixed facts of the e2e world: ports, accounts, IdP clients. One host everywhere (127.0.0.1): cookies are per host.
import path from "node:path";

// KEYWAY_E2E_PORT lets two runs share a machine (app on it, IdP on the next port).
export const APP_PORT = Number(process.env.KEYWAY_E2E_PORT ?? 3100);
export const IDP_PORT = APP_PORT + 1;
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const IDP_URL = `http://127.0.0.1:${IDP_PORT}`;
export const E2E_DIR = path.resolve(".tmp", `e2e-${APP_PORT}`);
export const DATABASE_URL = `file:${path.join(E2E_DIR, "keyway.db")}`;
/** The sessions e2e/auth.setup.ts keeps for the journeys, per run (a run's cookies mean nothing to another's app). */
export const AUTH_STATE = {
  admin: path.join(E2E_DIR, "auth", "admin.json"),
  guest: path.join(E2E_DIR, "auth", "guest.json"),
};

export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password-1234" };
export const GUEST = { email: "guest@e2e.test", password: "e2e-guest-password-1234" };

/** Registration IDs the tests create; the IdP clients accept their callback URLs. */
export const REGISTRATION_IDS = [
  "acme-sso",
  "basic-sso",
  "api-sso",
  "sec-sso",
  "guest-sso",
  "adm-sso",
  "policy-sso",
  "doctor-ok",
  "doctor-secret",
  "doctor-issuer",
  "doctor-hang",
  "trial-sso",
  "life-sso",
  "route-sso",
  "keys-sso",
  "cold-sso",
  "hang-sso",
  "calm-sso",
  "scim-sso",
  "rotate-sso",
  "draft-sso",
  "corp-sso",
  "rival-sso",
  "zone-sso",
  "badge-sso",
  "kelvin-sso",
  "samekid-sso",
  "clock-sso",
  "legacy-sso",
  "pkjwt-sso",
  "keyboard-sso",
  "claims-sso",
  "preset-sso",
  "logout-sso",
] as const;
/** The Redirect URI of an integration: sign-ins and Test sign-ins come back there. */
export const redirectUriOf = (registrationId: string) => `${APP_URL}/api/auth/callback/${registrationId}`;
/**
 * Deprecated: the Test sign-in callback of earlier releases, still accepted for one release. Only the `legacy`
 * client registers it; every other client has nothing but the integrations' own Redirect URIs, which is all Test
 * sign-in needs.
 */
export const TEST_SIGN_IN_REDIRECT_URI = `${APP_URL}/api/integrations/test-sign-in/callback`;
const redirectUris = REGISTRATION_IDS.map(redirectUriOf);

export const IDP_CLIENTS = {
  post: { clientId: "e2e-post", clientSecret: "e2e-post-secret-Zq8!", authMethod: "client_secret_post", redirectUris },
  basic: {
    clientId: "e2e-basic",
    clientSecret: "e2e-basic-secret-Kw3!",
    authMethod: "client_secret_basic",
    redirectUris,
  },
  // Its accepted secrets are switched mid-run (secret rotation); no other journey uses it.
  rotate: {
    clientId: "e2e-rotate",
    clientSecret: "e2e-rotate-secret-A1!",
    authMethod: "client_secret_post",
    redirectUris,
  },
  // private_key_jwt: the IdP fetches the integration's public keys from Keyway and, like Entra, wants x5t.
  pkjwt: {
    clientId: "e2e-pkjwt",
    // Never sent by Keyway (the IdP's client record needs one); a sign-in with it would be refused.
    clientSecret: "e2e-pkjwt-unused-secret",
    authMethod: "private_key_jwt",
    redirectUris,
    jwksUri: `${APP_URL}/api/integrations/pkjwt-sso/jwks`,
  },
  legacy: {
    clientId: "e2e-legacy",
    clientSecret: "e2e-legacy-secret-Hm5!",
    authMethod: "client_secret_post",
    redirectUris: [redirectUriOf("legacy-sso"), TEST_SIGN_IN_REDIRECT_URI],
  },
  // Registered for RP-initiated and back-channel logout to the logout-sso integration (e2e/logout.spec.ts).
  logout: {
    clientId: "e2e-logout",
    clientSecret: "e2e-logout-secret-Lo9!",
    authMethod: "client_secret_post",
    redirectUris: [redirectUriOf("logout-sso")],
    postLogoutRedirectUris: [`${APP_URL}/signin?signed_out=1`],
    backchannelLogoutUri: `${APP_URL}/api/auth/backchannel-logout/logout-sso`,
  },
} as const;

/** Extra IdPs that sign id_tokens with ES256 and EdDSA (Ed25519), started by the journeys that need them. */
export const ALG_IDPS = {
  ES256: { port: APP_PORT + 2, registrationId: "es256-sso", button: "Sign in with Elliptic Co" },
  EdDSA: { port: APP_PORT + 3, registrationId: "eddsa-sso", button: "Sign in with Edwards Co" },
} as const;

/** The secret the rotate client's IdP admin issues next. */
export const ROTATE_NEXT_SECRET = "e2e-rotate-secret-B2!";

export const APP_ENV: Record<string, string> = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL,
  NEXTAUTH_URL: APP_URL,
  NEXTAUTH_SECRET: "e2e-only-secret-0123456789abcdefghijklmnopqrstuv",
  KEYWAY_SEALING_KEY: "Ax6B3Ng5QWuXb+pMZP6qJYBSU9wE+lFIrvCcqxS6G9E=",
  KEYWAY_ADMIN_EMAIL: ADMIN.email,
  KEYWAY_ADMIN_PASSWORD: ADMIN.password,
  // The test IdP speaks plain http on loopback, which the https rule allows anyway; no opt-out needed.
  // The outbound policy refuses loopback in production: the operator allow-list names the test IdP's address.
  KEYWAY_OUTBOUND_ALLOW: "127.0.0.1",
  // These secrets are published in this file, and the URL is plain http: production refuses both unless told.
  // The test-secret opt-in is honoured only for a loopback http URL with a SQLite file (lib/startup-checks.ts).
  KEYWAY_ALLOW_INSECURE_URL: "1",
  KEYWAY_ALLOW_TEST_SECRETS: "1",
  // The drift watch stays off here: these journeys share one IdP and assert on its token-request log and JWKS fetch
  // counts, which the watch's probes would add to. The drift journeys run in their own world (e2e/replicas/drift).
  KEYWAY_DRIFT_CHECK_INTERVAL_S: "0",
};
