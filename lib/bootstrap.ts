// First start with an empty database: create the first admin, so someone can sign in at all.
import "server-only";
import { randomBytes } from "node:crypto";
import { SYSTEM_ACTOR } from "@/lib/audit";
import { isProduction } from "@/lib/config";
import { db as defaultDb, type Db, isUniqueViolation } from "@/lib/db";
import { emailSchema, passwordSchema } from "@/lib/users/schema";
import { createUser } from "@/lib/users/service";

export type BootstrapResult = { created: false } | { created: true; email: string; generatedPassword: string | null };

export async function bootstrapAdmin(
  env: NodeJS.ProcessEnv = process.env,
  db: Db = defaultDb,
): Promise<BootstrapResult> {
  if ((await db.user.count()) > 0) return { created: false };
  const email = emailSchema.parse(env.KEYWAY_ADMIN_EMAIL || "admin@keyway.local");
  let password = env.KEYWAY_ADMIN_PASSWORD;
  let generated: string | null = null;
  if (!password) {
    // A production admin with a password nobody chose and nobody saw would be a back door or a lock-out.
    if (isProduction(env)) {
      throw new Error(
        "The database has no users: set KEYWAY_ADMIN_EMAIL and KEYWAY_ADMIN_PASSWORD for the first admin.",
      );
    }
    generated = randomBytes(18).toString("base64url");
    password = generated;
  }
  passwordSchema.parse(password);
  try {
    await createUser(SYSTEM_ACTOR, { email, name: "Administrator", role: "ADMIN", authorities: [], password }, db);
  } catch (error) {
    // Another instance bootstrapped at the same moment: fine.
    if (isUniqueViolation(error) || (error as { code?: string }).code === "CONFLICT") return { created: false };
    throw error;
  }
  return { created: true, email, generatedPassword: generated };
}

export function describeBootstrap(result: BootstrapResult, signInUrl: string): string | null {
  if (!result.created) return null;
  const lines = [`Created the first admin: ${result.email}`];
  if (result.generatedPassword) lines.push(`Generated password (shown once): ${result.generatedPassword}`);
  lines.push(`Sign in at ${signInUrl}`);
  return lines.join("\n");
}
