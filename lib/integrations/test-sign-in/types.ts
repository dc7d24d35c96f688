// What a test sign-in shows the admin. Claims are shown as sent (bounded); tokens never. Client-safe.

export type ClaimSource = "id_token" | "userinfo" | null;
export type MappedClaim = { value: string | null; from: ClaimSource; claim: string | null };

export type TestSignInDecision =
  { kind: "would-sign-in"; email: string; linkedNow: boolean } | { kind: "refused"; code: string; message: string };

export type TestSignInResult = {
  registrationId: string;
  /** Whether the test ran the integration's draft (staged rollout) rather than its live configuration. */
  draft?: boolean;
  /** Keyway user id of the admin who ran it: only they may read the result. */
  adminId: string;
  at: string;
  ok: boolean;
  /** On failure: the named code, its message and the Check connection hint. */
  failure: { code: string; message: string; detail: string | null; hint: string | null; check: string | null } | null;
  idTokenClaims: Record<string, string> | null;
  userinfoClaims: Record<string, string> | null;
  mapped: { sub: MappedClaim; email: MappedClaim; name: MappedClaim } | null;
  emailVerified: { value: boolean | null; explanation: string } | null;
  /** The groups claim's values (and whether the IdP left them out: overage) and the sign-in requirement's verdict. */
  claimRules?: {
    groupsClaim: string;
    groups: string[];
    groupsOverage: boolean;
    requirement: { text: string; met: boolean } | null;
  } | null;
  decision: TestSignInDecision | null;
};
