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

/** "user:ann@example.com" names the user by email (what people see); events record the user's id. */
export async function resolveUserTarget(filters: AuditFilters, db: Db = defaultDb): Promise<AuditFilters> {
  if (filters.target?.type !== "user" || !filters.target.id.includes("@")) return filters;
  const user = await db.user.findUnique({ where: { email: filters.target.id.toLowerCase() }, select: { id: true } });
  // An unknown email matches no event (rather than dropping the filter and showing everything).
  return { ...filters, target: { type: "user", id: user?.id ?? `unknown:${filters.target.id}` } };
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
  actorId: true,
  actorEmail: true,
  actorVia: true,
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

/** The users and integrations a page of events names, so the page can show emails and links instead of ids. */
export type AuditReferences = {
  /** id → email, for users named by id (actors, user targets) or by email (in details). */
  usersById: Map<string, string>;
  /** email → id. */
  usersByEmail: Map<string, string>;
  /** Registration IDs of integrations that still exist. */
  integrations: Set<string>;
};

export async function auditReferences(
  { userIds, emails, registrationIds }: { userIds: string[]; emails: string[]; registrationIds: string[] },
  db: Db = defaultDb,
): Promise<AuditReferences> {
  const [users, integrations] = await Promise.all([
    userIds.length || emails.length
      ? db.user.findMany({
          where: { OR: [{ id: { in: [...new Set(userIds)] } }, { email: { in: [...new Set(emails)] } }] },
          select: { id: true, email: true },
        })
      : [],
    registrationIds.length
      ? db.integration.findMany({
          where: { registrationId: { in: [...new Set(registrationIds)] } },
          select: { registrationId: true },
        })
      : [],
  ]);
  return {
    usersById: new Map(users.map((u) => [u.id, u.email])),
    usersByEmail: new Map(users.map((u) => [u.email, u.id])),
    integrations: new Set(integrations.map((i) => i.registrationId)),
  };
}
