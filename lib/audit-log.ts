// Reading the audit log: newest first, optional filters (action, actor email, target), keyset pagination on
// (createdAt, id) so page 2,000 costs what page 1 does (indexes in prisma/sqlite/schema.prisma).
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";
import { AUDIT_TARGET_KINDS, type AuditAction, type AuditTargetKind, isAuditAction } from "./audit-actions";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = { action?: AuditAction; actor?: string; target?: { type: AuditTargetKind; id: string } };

/** Reads filters from the page's query string; unknown values are dropped (never passed to the database as is). */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string).trim().slice(0, 254) : "");
  const filters: AuditFilters = {};
  const action = one("action");
  if (isAuditAction(action)) filters.action = action;
  const actor = one("actor").toLowerCase();
  if (actor) filters.actor = actor;
  // "integration:acme-sso" or "user:<id>": a target kind and the id its rule names (lib/audit-actions.ts).
  const [type, ...rest] = one("target").split(":");
  if (Object.hasOwn(AUDIT_TARGET_KINDS, type) && rest.join(":"))
    filters.target = { type: type as AuditTargetKind, id: rest.join(":") };
  return filters;
}

type Cursor = { at: Date; id: string };

export function encodeCursor({ at, id }: Cursor): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  return id && !Number.isNaN(at.getTime()) ? { at, id } : null;
}

export const auditEventSelect = {
  id: true,
  createdAt: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetId: true,
  details: true,
} as const;

export async function listAuditEvents(
  filters: AuditFilters,
  cursor: Cursor | null,
  db: Db = defaultDb,
  limit = AUDIT_PAGE_SIZE,
) {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(filters.action ? { action: filters.action } : {}),
      ...(filters.actor ? { actorEmail: filters.actor } : {}),
      ...(filters.target ? { targetType: filters.target.type, targetId: filters.target.id } : {}),
      // createdAt <= c is an index range (a bare OR would not be); the OR only breaks ties on the same instant.
      ...(cursor
        ? { createdAt: { lte: cursor.at }, OR: [{ createdAt: { lt: cursor.at } }, { id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: auditEventSelect,
  });
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return { events, next: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];
