// Email + password sign-in for local accounts. Every failure looks the same to the caller.
import "server-only";
import CredentialsImport from "next-auth/providers/credentials";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { clientAddress } from "@/lib/http/client-address";
import { normalizeAsciiEmail } from "@/lib/identity/email";
import { metrics, type PasswordOutcome } from "@/lib/ops/metrics";
import { getSignInPolicy } from "@/lib/sign-in-policy/queries";
import { verifyPassword } from "@/lib/users/password";
import { BCRYPT_MAX_BYTES, utf8Bytes } from "@/lib/validations/safe-text";
import { ACCOUNT_RULE, ADDRESS_RULE, Throttle } from "./throttle";

// next-auth v4 ships CommonJS: Next's bundler unwraps `.default`, plain Node (CLI, tests) does not.
const CredentialsProvider =
  (CredentialsImport as unknown as { default?: typeof CredentialsImport }).default ?? CredentialsImport;

/** The error next-auth hands back to the sign-in form (its message becomes `error`); a code of sign-in-errors.ts. */
export const SSO_REQUIRED = "SSO_REQUIRED";

// The one email normalisation (lib/identity/email.ts): a look-alike such as KELVIN SIGN finds no account.
const loginSchema = z.object({
  email: z
    .string()
    .max(254)
    .transform((e) => normalizeAsciiEmail(e) ?? ""),
  password: z.string().max(256),
});

const byAccount = new Throttle(ACCOUNT_RULE);
const byAddress = new Throttle(ADDRESS_RULE);

/** Thrown from authorize(): next-auth passes the message to the sign-in form, which shows it as is. */
export class SignInThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-in attempts. Try again in ${retryAfterSeconds} s.`);
    this.name = "SignInThrottledError";
  }
}

type Attempt = { email: string; address: string; reason: "invalid" | "throttled"; userId?: string | null };

async function auditFailure({ email, address, reason, userId }: Attempt) {
  await db.$transaction(async (tx) => {
    await audit(tx, {
      actor: { id: null, email: email.slice(0, 254) || null },
      action: "auth.password_sign_in_failed",
      targetType: "user",
      targetId: userId ?? null,
      details: { reason, address },
    });
  });
}

export async function authorizePassword(
  raw: unknown,
  headers?: Headers | Record<string, string | string[] | undefined>,
): Promise<{ id: string; email: string; name: string } | null> {
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const address = clientAddress(headers);
  const accountKey = `account:${email}`;
  const addressKey = `address:${address}`;
  // Checked before bcrypt runs, the same way whether or not the account exists (no enumeration by throttling).
  const wait = Math.max(byAccount.retryAfter(accountKey), address === "unknown" ? 0 : byAddress.retryAfter(addressKey));
  if (wait > 0) {
    await auditFailure({ email, address, reason: "throttled" });
    throw new SignInThrottledError(wait);
  }
  // Counted before verifying, so parallel attempts cannot all slip past the check; undone on success.
  byAccount.fail(accountKey);
  if (address !== "unknown") byAddress.fail(addressKey);
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, disabled: true, passwordHash: true },
  });
  // bcrypt reads 72 bytes: a longer password is refused, never compared on a silently cut prefix. Otherwise always
  // run bcrypt (against a dummy hash when there is no user) so timing does not reveal accounts.
  const tooLong = utf8Bytes(password) > BCRYPT_MAX_BYTES;
  const valid = await verifyPassword(tooLong ? "" : password, tooLong ? null : user?.passwordHash);
  const policy = await getSignInPolicy();
  const breakGlass = !!user && policy.breakGlass.some((b) => b.userId === user.id);
  // Why: with single sign-on required, every non-break-glass email gets the same refusal whatever the password, so
  // the message reveals neither whether the account exists nor whether the password was right.
  if (policy.requireSso && !breakGlass) throw new Error(SSO_REQUIRED);
  if (!user || !valid || user.disabled) {
    await auditFailure({ email, address, reason: "invalid", userId: user?.id });
    return null;
  }
  byAccount.succeed(accountKey);
  if (address !== "unknown") byAddress.refund(addressKey);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await audit(tx, {
      actor: { id: user.id, email: user.email },
      action: "auth.password_sign_in",
      targetType: "user",
      targetId: user.id,
    });
    // Why: a password way in while SSO is required is an emergency: recorded and shown to every admin for 24 h.
    if (policy.requireSso) {
      await audit(tx, {
        actor: { id: user.id, email: user.email },
        action: "auth.break_glass_sign_in",
        targetType: "user",
        targetId: user.id,
      });
    }
  });
  return { id: user.id, email: user.email, name: user.name };
}

export const credentialsProvider = CredentialsProvider({
  id: "credentials",
  name: "Email and password",
  credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
  // next-auth hands authorize() the request's headers only (no socket): see lib/http/client-address.ts.
  authorize: (credentials, req) => countedOutcome(authorizePassword(credentials, req?.headers)),
});

/** Counts each password sign-in's outcome (keyway_password_sign_ins_total) and passes it on unchanged. */
async function countedOutcome<T>(attempt: Promise<T | null>): Promise<T | null> {
  let outcome: PasswordOutcome = "error";
  try {
    const user = await attempt;
    outcome = user ? "success" : "invalid";
    return user;
  } catch (error) {
    if (error instanceof SignInThrottledError) outcome = "throttled";
    else if ((error as Error).message === SSO_REQUIRED) outcome = "sso_required";
    throw error;
  } finally {
    metrics().passwordSignIns.inc({ outcome });
  }
}
