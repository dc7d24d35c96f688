// How a test sign-in shows claims: every claim as a short string (no token is a claim), and which claim became
// Keyway's sub, email and name — the same precedence as mergeClaims (id_token first, then userinfo).
import { readClaim } from "@/lib/integrations/claims";
import type { MappedClaim } from "./types";

const MAX_CLAIMS = 40;
const MAX_VALUE = 300;

export function visibleClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims).slice(0, MAX_CLAIMS)) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    out[key.slice(0, 80)] = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
  }
  return out;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

function pick(
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown> | null,
  names: string[],
): MappedClaim {
  for (const claim of names) {
    if (text(readClaim(idToken, claim))) return { value: text(readClaim(idToken, claim)), from: "id_token", claim };
    if (userinfo && text(readClaim(userinfo, claim)))
      return { value: text(readClaim(userinfo, claim)), from: "userinfo", claim };
  }
  return { value: null, from: null, claim: null };
}

/** Which claim became sub, email and name under the integration's Email claim and Name claim. */
export function mapIdentity(
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown> | null,
  rules: { emailClaim: string; nameClaim: string },
) {
  return {
    sub: { value: String(idToken.sub), from: "id_token", claim: "sub" } satisfies MappedClaim,
    email: pick(idToken, userinfo, [rules.emailClaim]),
    name: pick(idToken, userinfo, [rules.nameClaim, "preferred_username"]),
  };
}

/** What email_verified did in this decision (read from matchAccount's verdict, so it stays true to its rules). */
export function emailVerifiedVerdict(
  value: boolean | null,
  match: { ok: true; linked: boolean } | { ok: false; code: string },
) {
  const sent = value === null ? "email_verified was not sent" : `email_verified is ${value}`;
  if (match.ok && !match.linked)
    return { value, explanation: `${sent}; not needed: this identity is already linked to its account.` };
  if (match.ok)
    return { value, explanation: `${sent}: it allowed linking this identity to the account with that email.` };
  if (match.code === "EMAIL_UNVERIFIED") return { value, explanation: `${sent}: linking by email is refused.` };
  return { value, explanation: `${sent}; the decision below did not depend on it.` };
}
