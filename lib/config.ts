// Operator settings read from the environment, in one place.
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === "production";
}

/** The URL people reach Keyway at; the Redirect URI shown to admins is built from it. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.NEXTAUTH_URL || env.KEYWAY_PUBLIC_URL || "http://127.0.0.1:3000").replace(/\/+$/, "");
}

/** Whether IdP URLs may use plain http outside loopback (an explicit operator opt-out; never the default). */
export function allowInsecureIdpUrls(env: NodeJS.ProcessEnv = process.env): boolean {
  return !isProduction(env) || env.KEYWAY_ALLOW_INSECURE_IDP_URLS === "1";
}

/**
 * What the integration schema needs to judge IdP URLs as the request-time policy will (lib/integrations/schema.ts).
 * Handed to the form too: KEYWAY_OUTBOUND_ALLOW names internal addresses, not secrets, and only integration admins
 * see the form.
 */
export function integrationSchemaPolicy(env: NodeJS.ProcessEnv = process.env) {
  return {
    allowInsecureUrls: allowInsecureIdpUrls(env),
    outboundAllow: env.KEYWAY_OUTBOUND_ALLOW ?? "",
    allowLoopback: !isProduction(env),
  };
}

export function redirectUriFor(registrationId: string, base = publicUrl()): string {
  return `${base}/api/auth/callback/${registrationId || "<Registration ID>"}`;
}

/** Where an integration using Private key JWT publishes its public keys (register it at the IdP as the jwks_uri). */
export function clientJwksUriFor(registrationId: string, base = publicUrl()): string {
  return `${base}/api/integrations/${registrationId || "<Registration ID>"}/jwks`;
}

/** Where the IdP sends the browser back after RP-initiated logout: the sign-in page, saying "You are signed out". */
export function postLogoutRedirectUri(base = publicUrl()): string {
  return `${base}/signin?signed_out=1`;
}

/** Where the IdP POSTs its back-channel logout tokens for one integration. */
export function backchannelLogoutUriFor(registrationId: string, base = publicUrl()): string {
  return `${base}/api/auth/backchannel-logout/${registrationId || "<Registration ID>"}`;
}

/**
 * Deprecated: the separate Test sign-in callback of earlier releases. Test sign-in now comes back through the
 * integration's own Redirect URI (redirectUriFor); this URL still completes a test begun before the upgrade.
 */
export function legacyTestSignInRedirectUri(base = publicUrl()): string {
  return `${base}/api/integrations/test-sign-in/callback`;
}
