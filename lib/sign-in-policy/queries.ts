// Reads behind the sign-in policy: the singleton row, the break-glass accounts, and whether SSO demonstrably works.
import "server-only";
import { AUTHORITIES, effectiveAuthorities, ROLE_AUTHORITIES, ROLES } from "@/lib/authz/authorities";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";

export const RECENT_SSO_WINDOW_MS = 24 * 60 * 60 * 1000;
export const BREAK_GLASS_BANNER_MS = 24 * 60 * 60 * 1000;

const ROLES_WITH_EVERY_AUTHORITY = ROLES.filter((role) => AUTHORITIES.every((a) => ROLE_AUTHORITIES[role].includes(a)));

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
 * Whether an active account holding every authority signed in through an enabled integration in the last 24 h, and
 * after that integration's key settings last changed: proof that someone who can repair everything gets in without
 * a password. Why every authority: an integration writer's own IdP proves only that the writer gets in.
 */
export async function recentSsoAdminSignIn(db: Db | Tx = defaultDb, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - RECENT_SSO_WINDOW_MS);
  const links = await db.account.findMany({
    where: {
      lastSignInAt: { gte: since },
      // Narrowed in the query to roles granting everything or users with extra authorities; exact check below.
      user: { disabled: false, OR: [{ role: { in: [...ROLES_WITH_EVERY_AUTHORITY] } }, { authorities: { some: {} } }] },
    },
    select: {
      provider: true,
      issuer: true,
      lastSignInAt: true,
      user: { select: { role: true, authorities: { select: { authority: true } } } },
    },
  });
  const byFullAdmins = links.filter((l) => holdsEveryAuthority(l.user));
  if (byFullAdmins.length === 0) return false;
  const integrations = await db.integration.findMany({
    where: { enabled: true, registrationId: { in: byFullAdmins.map((l) => l.provider) } },
    select: { registrationId: true, issuer: true, keysConfiguredAt: true },
  });
  return byFullAdmins.some((link) =>
    integrations.some(
      (i) =>
        i.registrationId === link.provider &&
        i.issuer === link.issuer &&
        (!i.keysConfiguredAt || (!!link.lastSignInAt && link.lastSignInAt >= i.keysConfiguredAt)),
    ),
  );
}

function holdsEveryAuthority(user: { role: string; authorities: { authority: string }[] }): boolean {
  const held = effectiveAuthorities(
    user.role,
    user.authorities.map((a) => a.authority),
  );
  return AUTHORITIES.every((a) => held.includes(a));
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
