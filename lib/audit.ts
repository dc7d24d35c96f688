// Audit events are written inside the caller's transaction, so a change and its record land together or not at all.
import "server-only";
import type { Tx } from "@/lib/db";

export type Actor = { id: string | null; email: string | null };
export const SYSTEM_ACTOR: Actor = { id: null, email: "system" };

export type AuditInput = {
  actor: Actor;
  action: string;
  targetType: "user" | "integration" | "session" | "sign_in_policy";
  targetId?: string | null;
  details?: Record<string, unknown>;
};

export async function audit(tx: Tx, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: event.actor.id,
      actorEmail: event.actor.email,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      details: (event.details ?? {}) as object,
    },
  });
}
