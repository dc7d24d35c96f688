// A user's single sign-on links (Account rows): listed on Your profile and on the user's page; removed by admins.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { NotFoundError } from "@/lib/errors";
import { revokeSessionsOpenedThrough } from "@/lib/auth/sessions";
import { type Db, db as defaultDb } from "@/lib/db";
import { wayInGuard } from "@/lib/sign-in-policy/guards";
import { assertMayChangeUser } from "./service";

export type SsoLink = {
  id: string;
  registrationId: string;
  loginButtonText: string | null;
  issuer: string;
  subject: string;
  createdAt: Date;
  lastSignInAt: Date | null;
};

export async function listSsoLinks(userId: string, db: Db = defaultDb): Promise<SsoLink[]> {
  const links = await db.account.findMany({
    where: { userId },
    select: { id: true, provider: true, issuer: true, providerAccountId: true, createdAt: true, lastSignInAt: true },
    orderBy: { createdAt: "asc" },
  });
  const integrations = await db.integration.findMany({
    where: { registrationId: { in: links.map((l) => l.provider) } },
    select: { registrationId: true, loginButtonText: true },
  });
  const names = new Map(integrations.map((i) => [i.registrationId, i.loginButtonText]));
  return links.map((l) => ({
    id: l.id,
    registrationId: l.provider,
    loginButtonText: names.get(l.provider) ?? null,
    issuer: l.issuer,
    subject: l.providerAccountId,
    createdAt: l.createdAt,
    lastSignInAt: l.lastSignInAt,
  }));
}

/**
 * Removes one link and ends the sessions opened through it; the identity then signs in only if the linking rules
 * allow it again. Like every change to a user, refused for a user holding authorities the actor lacks; never takes
 * the last way in of the last user manager who had one. Audited.
 */
export async function removeSsoLink(actor: Actor, userId: string, linkId: string, db: Db = defaultDb): Promise<void> {
  await db.$transaction(async (tx) => {
    // Why first: the rule is about the user, whichever link id is asked for (no probing of an admin's links).
    if (actor.id !== userId) await assertMayChangeUser(tx, actor, userId);
    const link = await tx.account.findFirst({
      where: { id: linkId, userId },
      select: { provider: true, issuer: true, providerAccountId: true },
    });
    if (!link) throw new NotFoundError("Single sign-on link");
    const guard = await wayInGuard(tx, [userId]);
    await tx.account.delete({ where: { id: linkId } });
    // Removing a link is incident response: only the last user manager's way in is protected here.
    await guard.after(actor, null);
    const sessionsEnded = await revokeSessionsOpenedThrough(tx, { accountId: linkId });
    await audit(tx, {
      actor,
      action: "user.sso_link_remove",
      targetType: "user",
      targetId: userId,
      details: { registrationId: link.provider, issuer: link.issuer, sub: link.providerAccountId, sessionsEnded },
    });
  });
}
