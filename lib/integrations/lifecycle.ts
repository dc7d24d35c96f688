// Switching an integration off and on, and deleting it. Each write bumps the integration's version (an edit form
// open meanwhile gets the stale message) and the config version (every instance rebuilds its providers), ends the
// sessions opened through the integration when it goes away, and is audited in the same transaction. Neither may
// leave an admin without a way in unless the actor holds every authority, nor the last user manager ever.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { revokeSessionsOpenedThrough } from "@/lib/auth/sessions";
import { type Db, db as defaultDb, type Tx } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { wayInGuard } from "@/lib/sign-in-policy/guards";
import { bumpConfigVersion } from "./service";

/** The users linked through this Registration ID: the ones whose way in the change may take away. */
async function linkedUserIds(tx: Tx, registrationId: string): Promise<string[]> {
  const links = await tx.account.findMany({ where: { provider: registrationId }, select: { userId: true } });
  return links.map((l) => l.userId);
}

/**
 * Switches an integration in the caller's transaction (no audit, no config bump), with the way-in rules and, when it
 * goes off, the end of the sessions it opened. `changed: false` when it already was so.
 */
export async function writeIntegrationEnabled(tx: Tx, actor: Actor, registrationId: string, enabled: boolean) {
  const row = await tx.integration.findUnique({ where: { registrationId }, select: { id: true, enabled: true } });
  if (!row) throw new NotFoundError("Integration");
  if (row.enabled === enabled) return { changed: false, sessionsEnded: 0 };
  const guard = enabled ? null : await wayInGuard(tx, await linkedUserIds(tx, registrationId));
  await tx.integration.update({ where: { id: row.id }, data: { enabled, version: { increment: 1 } } });
  await guard?.after(actor, `Disabling ${registrationId}`);
  // Why: switching an integration off is incident response; sessions it opened must not outlive it.
  const sessionsEnded = enabled ? 0 : await revokeSessionsOpenedThrough(tx, { integrationId: row.id });
  return { changed: true, sessionsEnded };
}

export async function setIntegrationEnabled(
  actor: Actor,
  registrationId: string,
  enabled: boolean,
  db: Db = defaultDb,
) {
  return db.$transaction(async (tx) => {
    const { changed, sessionsEnded } = await writeIntegrationEnabled(tx, actor, registrationId, enabled);
    if (!changed) return { registrationId, enabled };
    const configVersion = await bumpConfigVersion(tx);
    await audit(tx, {
      actor,
      action: enabled ? "integration.enable" : "integration.disable",
      targetType: "integration",
      targetId: registrationId,
      details: {
        changes: { enabled: { from: !enabled, to: enabled } },
        configVersion,
        ...(enabled ? {} : { sessionsEnded }),
      },
    });
    return { registrationId, enabled };
  });
}

/**
 * Deletes an integration and every link to its Registration ID in the caller's transaction (no audit, no bump), with
 * the way-in rules, and ends the sessions it opened.
 */
export async function removeIntegration(tx: Tx, actor: Actor, registrationId: string) {
  const row = await tx.integration.findUnique({
    where: { registrationId },
    select: { id: true, issuer: true, loginButtonText: true },
  });
  if (!row) throw new NotFoundError("Integration");
  const guard = await wayInGuard(tx, await linkedUserIds(tx, registrationId));
  // Links of every issuer this Registration ID ever had: a later integration with the same ID starts with none.
  const links = await tx.account.deleteMany({ where: { provider: registrationId } });
  await tx.integration.delete({ where: { id: row.id } });
  // What its group mappings gave goes with it (hand-granted authorities are other rows and stay).
  await tx.userAuthority.deleteMany({ where: { grantedBy: row.id } });
  await guard.after(actor, `Deleting ${registrationId}`);
  const sessionsEnded = await revokeSessionsOpenedThrough(tx, { integrationId: row.id });
  return { issuer: row.issuer, loginButtonText: row.loginButtonText, linksRemoved: links.count, sessionsEnded };
}

export const CONFIRM_MISMATCH = "Type the Registration ID exactly as shown to confirm.";

/** Deletes the integration and its users' links to it; the users themselves stay (password or other IdPs). */
export async function deleteIntegration(
  actor: Actor,
  registrationId: string,
  confirmation: string,
  db: Db = defaultDb,
) {
  // Why a typed confirmation: deleting cuts every linked user off this IdP at once.
  if (confirmation !== registrationId) throw new ValidationError({ confirmation: CONFIRM_MISMATCH }, CONFIRM_MISMATCH);
  return db.$transaction(async (tx) => {
    const removed = await removeIntegration(tx, actor, registrationId);
    const configVersion = await bumpConfigVersion(tx);
    await audit(tx, {
      actor,
      action: "integration.delete",
      targetType: "integration",
      targetId: registrationId,
      details: { ...removed, configVersion },
    });
    return { registrationId, linksRemoved: removed.linksRemoved };
  });
}
