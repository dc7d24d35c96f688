// The data of a connection check: the same shape in the UI, the JSON API and the tests. Client-safe.

export type CheckStatus = "pass" | "warning" | "fail";

export type CheckResult = {
  id: CheckId;
  name: string;
  status: CheckStatus;
  /** What Keyway saw (URLs, HTTP statuses, error codes; never a secret or a token). */
  seen: string;
  /** How to fix it; null when there is nothing to fix. */
  fix: string | null;
};

export const CHECKS = {
  discovery: "Discovery",
  authorization: "Authorization URL",
  redirectUri: "Redirect URI registered",
  jwks: "JWK Set URI",
  token: "Token URI and client authentication",
  userinfo: "User Info URI",
  clock: "Clock",
} as const;
export type CheckId = keyof typeof CHECKS;

/** What a check needs: the integration's values as configured (saved or typed into the form). */
export type CheckTarget = {
  clientId: string;
  clientSecret: string;
  clientAuthMethod: string;
  authorizationUrl: string;
  tokenUri: string;
  userInfoUri: string;
  jwksUri: string;
  /** May be empty on the Add form (Keyway would discover it). */
  issuer: string;
  /** Keyway's Redirect URI for this integration. */
  redirectUri: string;
  /** During a secret rotation: the next client secret, probed too. */
  nextClientSecret?: string;
  /** Private key JWT: whose signing key signs the probe's client assertion (none yet for an unsaved integration). */
  registrationId?: string;
};

export type CheckContext = { timeoutMs: number; signal?: AbortSignal };

export function result(id: CheckId, status: CheckStatus, seen: string, fix: string | null = null): CheckResult {
  return { id, name: CHECKS[id], status, seen, fix };
}
