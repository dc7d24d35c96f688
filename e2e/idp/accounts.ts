import type { Account, ClaimsUse } from "oidc-provider";

// Test accounts: any login works; special local-part prefixes switch behaviours tests rely on.
const USERINFO_ONLY_PREFIX = "userinfo-only";
const UNVERIFIED_PREFIX = "unverified";
const EMAIL_DOMAIN = "example.test";

export type AccountClaims = {
  sub: string;
  email?: string;
  email_verified?: boolean;
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

export function accountClaims(login: string, use: ClaimsUse): AccountClaims {
  const sub = login.toLowerCase();
  const email = sub.includes("@") ? sub : `${sub}@${EMAIL_DOMAIN}`;
  const localPart = email.slice(0, email.lastIndexOf("@"));
  // Why: lets tests prove the relying party merges userinfo, as real IdPs (Entra, Oracle IAM) omit these from the id_token.
  if (use === "id_token" && localPart.startsWith(USERINFO_ONLY_PREFIX)) {
    return { sub };
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
    claims: (use: ClaimsUse) => accountClaims(id, use),
  };
}
