// Email + password sign-in for local accounts. Every failure looks the same to the caller.
import "server-only";
import CredentialsImport from "next-auth/providers/credentials";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { normalizeAsciiEmail } from "@/lib/identity/email";
import { verifyPassword } from "@/lib/users/password";

// next-auth v4 ships CommonJS: Next's bundler unwraps `.default`, plain Node (CLI, tests) does not.
const CredentialsProvider =
  (CredentialsImport as unknown as { default?: typeof CredentialsImport }).default ?? CredentialsImport;

// The one email normalisation (lib/identity/email.ts): a look-alike such as KELVIN SIGN finds no account.
const loginSchema = z.object({ email: z.string().max(254).transform((e) => normalizeAsciiEmail(e) ?? ""), password: z.string().max(256) });

export async function authorizePassword(raw: unknown): Promise<{ id: string; email: string; name: string } | null> {
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, disabled: true, passwordHash: true },
  });
  // Always run bcrypt (against a dummy hash when there is no user) so timing does not reveal accounts.
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid || user.disabled) return null;
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await audit(tx, { actor: { id: user.id, email: user.email }, action: "auth.password_sign_in", targetType: "user", targetId: user.id });
  });
  return { id: user.id, email: user.email, name: user.name };
}

export const credentialsProvider = CredentialsProvider({
  id: "credentials",
  name: "Email and password",
  credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
  authorize: (credentials) => authorizePassword(credentials),
});
