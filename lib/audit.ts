// Audit events are written inside the caller's transaction, so a change and its record land together or not at all.
// Every action Keyway records is in AUDIT_ACTIONS below (one place), with the kind of thing it targets.
import "server-only";
import type { Db, Tx } from "@/lib/db";
import { type AUDIT_ACTIONS, type AuditAction } from "./audit-actions";

export { AUDIT_ACTIONS, AUDIT_TARGET_KINDS, type AuditAction, type AuditTargetKind } from "./audit-actions";

export type Actor = {
  id: string | null;
  email: string | null;
  /** How the actor acted when not in person, e.g. `token ci-deploy`: recorded beside the actor on every event. */
  via?: string;
  /** The authorities the actor acts with when fewer than they hold (an API token's): grants never exceed them. */
  scope?: readonly string[];
};
export const SYSTEM_ACTOR: Actor = { id: null, email: "system" };

export type AuditInput<A extends AuditAction = AuditAction> = {
  actor: Actor;
  action: A;
  /** Must be the action's kind (checked by the compiler); the id follows AUDIT_TARGET_KINDS' rule for it. */
  targetType: (typeof AUDIT_ACTIONS)[A];
  targetId?: string | null;
  details?: Record<string, unknown>;
};

export async function audit<A extends AuditAction>(tx: Tx, event: AuditInput<A>): Promise<void> {
  await auditInsert(tx, event);
}

/** The insert of one audit event, unsent: for a batch transaction (`db.$transaction([...])`) with the change. */
export function auditInsert<A extends AuditAction>(client: Db | Tx, event: AuditInput<A>) {
  return client.auditEvent.create({
    select: { id: true },
    data: {
      actorId: event.actor.id,
      actorEmail: event.actor.email,
      actorVia: event.actor.via ?? null,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      details: (event.details ?? {}) as object,
    },
  });
}
