import type { Account, ClaimsUse } from "oidc-provider";
import { groupClaims } from "./groups";

// Test accounts: any login works; special local-part prefixes switch behaviours tests rely on.
const USERINFO_ONLY_PREFIX = "userinfo-only";
const UNVERIFIED_PREFIX = "unverified";
const EMAIL_DOMAIN = "example.test";

export type AccountClaims = {
  sub: string;
  email?: string;
  email_verified?: boolean;
  /** Microsoft Entra: whether the email's domain owner verified it (Entra sends no email_verified). */
  xms_edov?: boolean;
  name?: string;
};

/** "alice.smith" -> "Alice Smith" */
export function displayName(localPart: string): string {
  return localPart
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/**
 * Claim modes chosen by a `<mode>:` prefix on the login (the whole login stays the `sub`):
 * - `no-verified:<email>` sends `email` with no `email_verified` claim at all (as Entra does);
 * - `split:<email>` puts `email_verified: true` (and no email) in the id_token and the email, unverified, only in
 *   userinfo — the mix that must never count as verified;
 * - `kelvin-local:<email>` / `kelvin-domain:<email>` assert the email, verified, with every `k` of its local part /
 *   domain written as KELVIN SIGN (U+212A), a look-alike that `toLowerCase()` folds onto `k`. (The login form
 *   lower-cases what is typed, so the look-alike cannot be typed in directly.)
 * - `entra:<email>` / `entra-unverified:<email>` answer as Microsoft Entra does: `email` without `email_verified`, and
 *   `xms_edov` (email domain owner verified) true / false.
 */
const CLAIM_MODES = ["no-verified", "split", "kelvin-local", "kelvin-domain", "entra", "entra-unverified"] as const;
type ClaimMode = (typeof CLAIM_MODES)[number];

function parseLogin(login: string): { sub: string; mode: ClaimMode | null; address: string } {
  const sub = login.toLowerCase();
  const colon = sub.indexOf(":");
  const mode = colon > 0 ? (CLAIM_MODES.find((m) => m === sub.slice(0, colon)) ?? null) : null;
  return { sub, mode, address: mode ? sub.slice(colon + 1) : sub };
}

const KELVIN_SIGN = "\u212A";

/** The email with every `k` of the chosen part written as KELVIN SIGN. */
export function kelvinLookAlike(email: string, part: "local" | "domain"): string {
  const at = email.lastIndexOf("@");
  const [local, domain] = [email.slice(0, at), email.slice(at + 1)];
  const swap = (text: string) => text.replace(/k/g, KELVIN_SIGN);
  return part === "local" ? `${swap(local)}@${domain}` : `${local}@${swap(domain)}`;
}

export function accountClaims(login: string, use: ClaimsUse): AccountClaims {
  const { sub, mode, address } = parseLogin(login);
  const email = address.includes("@") ? address : `${address}@${EMAIL_DOMAIN}`;
  const localPart = email.slice(0, email.lastIndexOf("@"));
  if (mode === "kelvin-local" || mode === "kelvin-domain") {
    const asserted = kelvinLookAlike(email, mode === "kelvin-local" ? "local" : "domain");
    return { sub, email: asserted, email_verified: true, name: displayName(localPart) };
  }
  // Why: lets tests prove the relying party merges userinfo, as real IdPs (Entra, Oracle IAM) omit these from the id_token.
  if (use === "id_token" && localPart.startsWith(USERINFO_ONLY_PREFIX)) {
    return { sub };
  }
  if (mode === "no-verified") return { sub, email, name: displayName(localPart) };
  if (mode === "entra" || mode === "entra-unverified")
    return { sub, email, xms_edov: mode === "entra", name: displayName(localPart) };
  if (mode === "split") {
    return use === "id_token"
      ? { sub, email_verified: true, name: displayName(localPart) }
      : { sub, email, email_verified: false, name: displayName(localPart) };
  }
  return {
    sub,
    email,
    // Why: lets tests prove the relying party refuses (or flags) unverified addresses.
    email_verified: !localPart.startsWith(UNVERIFIED_PREFIX),
    name: displayName(localPart),
  };
}

/** oidc-provider's findAccount: the dev login page accepts any login/password. */
export async function findAccount(_ctx: unknown, id: string): Promise<Account | undefined> {
  if (!id) return undefined;
  return {
    // oidc-provider always uses accountId as `sub`; normalize-login.ts lower-cases it at the login form.
    accountId: id,
    claims: (use: ClaimsUse) => ({ ...accountClaims(id, use), ...groupClaims(id.toLowerCase()) }),
  };
}
