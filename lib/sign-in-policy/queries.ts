// Reads behind the sign-in policy: the singleton row, the break-glass accounts, and whether SSO demonstrably works.
import "server-only";
import { ROLE_AUTHORITIES, ROLES } from "@/lib/authz/authorities";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";

export const RECENT_SSO_WINDOW_MS = 24 * 60 * 60 * 1000;
export const BREAK_GLASS_BANNER_MS = 24 * 60 * 60 * 1000;
const ROLES_WITH_INTEGRATION_WRITE = ROLES.filter((role) => ROLE_AUTHORITIES[role].includes("OAUTH_INTEGRATION_WRITE"));

export type SignInPolicyState = { requireSso: boolean; breakGlass: { userId: string; email: string }[] };

export async function getSignInPolicy(db: Db | Tx = defaultDb): Promise<SignInPolicyState> {
  const [row, breakGlass] = await Promise.all([
    db.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } }),
    db.breakGlassAccount.findMany({
      select: { userId: true, user: { select: { email: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return {
    requireSso: row?.requireSso ?? false,
    breakGlass: breakGlass.map((b) => ({ userId: b.userId, email: b.user.email })),
  };
}

/**
 * Whether an active account holding OAUTH_INTEGRATION_WRITE signed in through an enabled integration in the last
 * 24 h: proof that someone who can repair the integrations gets in without a password.
 */
export async function recentSsoAdminSignIn(db: Db | Tx = defaultDb, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - RECENT_SSO_WINDOW_MS);
  const links = await db.account.findMany({
    where: {
      lastSignInAt: { gte: since },
      user: {
        disabled: false,
        OR: [
          { role: { in: [...ROLES_WITH_INTEGRATION_WRITE] } },
          { authorities: { some: { authority: "OAUTH_INTEGRATION_WRITE" } } },
        ],
      },
    },
    select: { provider: true },
  });
  if (links.length === 0) return false;
  const enabled = await db.integration.count({
    where: { enabled: true, registrationId: { in: links.map((l) => l.provider) } },
  });
  return enabled > 0;
}

/** Break-glass password sign-ins of the last 24 h, newest first, for the admins' warning banner. */
export function recentBreakGlassSignIns(db: Db | Tx = defaultDb, now = new Date()) {
  return db.auditEvent.findMany({
    where: { action: "auth.break_glass_sign_in", createdAt: { gte: new Date(now.getTime() - BREAK_GLASS_BANNER_MS) } },
    select: { actorEmail: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: 5,
  });
}

/** Whether any enabled integration has ever signed someone in (the "SSO works" test of the bootstrap notice). */
export async function ssoWorks(db: Db | Tx = defaultDb): Promise<boolean> {
  return (await db.integration.count({ where: { enabled: true, lastSignInAt: { not: null } } })) > 0;
}

/** Users who can be break-glass accounts: active, with a password. Emails only (never the hash). */
export function listBreakGlassCandidates(db: Db | Tx = defaultDb) {
  return db.user.findMany({
    where: { disabled: false, passwordHash: { not: null } },
    select: { id: true, email: true, name: true },
    orderBy: { email: "asc" },
  });
}

/** The bootstrap admin's email when that account still has a password (KEYWAY_ADMIN_EMAIL, as lib/bootstrap.ts). */
export async function bootstrapAdminWithPassword(db: Db | Tx = defaultDb, env: NodeJS.ProcessEnv = process.env) {
  const email = (env.KEYWAY_ADMIN_EMAIL || "admin@keyway.local").trim().toLowerCase();
  const user = await db.user.findFirst({
    where: { email, disabled: false, passwordHash: { not: null } },
    select: { email: true },
  });
  return user?.email ?? null;
}
