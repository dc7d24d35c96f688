// Switching an integration off and on, and deleting it. Each write bumps the integration's version (an edit form
// open meanwhile gets the stale message) and the config version (every instance rebuilds its providers), and is
// audited in the same transaction.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { type Db, db as defaultDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { bumpConfigVersion } from "./service";

export async function setIntegrationEnabled(
  actor: Actor,
  registrationId: string,
  enabled: boolean,
  db: Db = defaultDb,
) {
  return db.$transaction(async (tx) => {
    const row = await tx.integration.findUnique({ where: { registrationId }, select: { id: true, enabled: true } });
    if (!row) throw new NotFoundError("Integration");
    if (row.enabled === enabled) return { registrationId, enabled };
    await tx.integration.update({ where: { id: row.id }, data: { enabled, version: { increment: 1 } } });
    const configVersion = await bumpConfigVersion(tx);
    await audit(tx, {
      actor,
      action: enabled ? "integration.enable" : "integration.disable",
      targetType: "integration",
      targetId: registrationId,
      details: { changes: { enabled: { from: !enabled, to: enabled } }, configVersion },
    });
    return { registrationId, enabled };
  });
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
    const row = await tx.integration.findUnique({
      where: { registrationId },
      select: { id: true, issuer: true, loginButtonText: true },
    });
    if (!row) throw new NotFoundError("Integration");
    // Links of every issuer this Registration ID ever had: a later integration with the same ID starts with none.
    const links = await tx.account.deleteMany({ where: { provider: registrationId } });
    await tx.integration.delete({ where: { id: row.id } });
    const configVersion = await bumpConfigVersion(tx);
    await audit(tx, {
      actor,
      action: "integration.delete",
      targetType: "integration",
      targetId: registrationId,
      details: { issuer: row.issuer, loginButtonText: row.loginButtonText, linksRemoved: links.count, configVersion },
    });
    return { registrationId, linksRemoved: links.count };
  });
}
