// SCIM Groups of one integration, with membership among the users that integration provisioned. The integration's
// group mappings read them (role.ts): a membership change decides the members' mapped authorities again at once.
import "server-only";
import { audit } from "@/lib/audit";
import { type Db, db as defaultDb, isUniqueViolation, type Tx } from "@/lib/db";
import { hasUnsafeCharacters } from "@/lib/validations/safe-text";
import { ScimError, notFound } from "./errors";
import type { GroupLookup } from "./filter";
import type { GroupChanges } from "./patch";
import { listResponse, scimGroupSelect, toScimGroup } from "./resources";
import type { ScimCaller } from "./token";
import { regrantMembersIn } from "./role";
import { type ScimCall, scimActor } from "./users";

type Ctx = { caller: ScimCaller; baseUrl: string; call: ScimCall; db?: Db };
export const MAX_GROUP_MEMBERS_PER_REQUEST = 1000;

function checkedDisplayName(value: unknown): string {
  if (typeof value !== "string" || !value.trim()) throw new ScimError(400, "displayName is required.", "invalidValue");
  if (hasUnsafeCharacters(value) || value.length > 200) {
    throw new ScimError(400, "displayName must be at most 200 characters, without control characters.", "invalidValue");
  }
  return value.trim();
}

/** Members must be users this integration provisioned; anything else is refused, not silently dropped. */
async function checkedMembers(tx: Tx, caller: ScimCaller, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_GROUP_MEMBERS_PER_REQUEST)
    throw new ScimError(400, "Too many members in one request.", "tooMany");
  if (unique.length === 0) return [];
  const found = await tx.scimUser.findMany({
    where: { integrationId: caller.integrationId, userId: { in: unique } },
    select: { userId: true },
  });
  if (found.length !== unique.length) {
    throw new ScimError(400, "Every member must be a user this integration provisioned.", "invalidValue");
  }
  return unique;
}

async function memberIds(tx: Tx, groupId: string): Promise<string[]> {
  return (await tx.scimGroupMember.findMany({ where: { groupId }, select: { userId: true } })).map((m) => m.userId);
}

async function groupOf(tx: Tx | Db, caller: ScimCaller, id: string) {
  const row = await tx.scimGroup.findFirst({
    where: { id, integrationId: caller.integrationId },
    select: scimGroupSelect,
  });
  if (!row) throw notFound("Group");
  return row;
}

function uniqueness(error: unknown): never {
  if (isUniqueViolation(error)) throw new ScimError(409, "A group with this displayName already exists.", "uniqueness");
  throw error;
}

export async function createScimGroup(body: unknown, { caller, baseUrl, call, db = defaultDb }: Ctx) {
  const r = (body ?? {}) as Record<string, unknown>;
  const displayName = checkedDisplayName(r.displayName);
  const externalId = typeof r.externalId === "string" ? r.externalId : null;
  const memberList = Array.isArray(r.members) ? r.members.map((m) => (m as { value?: unknown })?.value) : [];
  if (memberList.some((v) => typeof v !== "string"))
    throw new ScimError(400, "Each member needs a value.", "invalidValue");
  try {
    const row = await db.$transaction(async (tx) => {
      const members = await checkedMembers(tx, caller, memberList as string[]);
      const group = await tx.scimGroup.create({
        data: {
          integrationId: caller.integrationId,
          displayName,
          externalId,
          members: { create: members.map((userId) => ({ userId })) },
        },
        select: { id: true },
      });
      await audit(tx, {
        actor: scimActor(caller),
        action: "scim.group_change",
        targetType: "integration",
        targetId: caller.registrationId,
        details: { request: `${call.method} ${call.path}`, group: displayName, created: true, members: members.length },
      });
      await regrantMembersIn(tx, caller, members);
      return groupOf(tx, caller, group.id);
    });
    return toScimGroup(row, baseUrl);
  } catch (error) {
    return uniqueness(error);
  }
}

export async function getScimGroup(id: string, withMembers: boolean, { caller, baseUrl, db = defaultDb }: Ctx) {
  return toScimGroup(await groupOf(db, caller, id), baseUrl, { withMembers });
}

export async function listScimGroups(
  lookup: GroupLookup,
  { startIndex, count }: { startIndex: number; count: number },
  withMembers: boolean,
  { caller, baseUrl, db = defaultDb }: Ctx,
) {
  const where = { integrationId: caller.integrationId, ...(lookup ?? {}) };
  const [total, rows] = await Promise.all([
    db.scimGroup.count({ where }),
    count === 0
      ? Promise.resolve([])
      : db.scimGroup.findMany({
          where,
          select: scimGroupSelect,
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          skip: startIndex - 1,
          take: count,
        }),
  ]);
  return listResponse(
    rows.map((r) => toScimGroup(r, baseUrl, { withMembers })),
    total,
    startIndex,
  );
}

/** PATCH and PUT on a group: name, externalId and membership in one transaction. */
export async function changeScimGroup(
  id: string,
  changes: GroupChanges,
  { caller, baseUrl, call, db = defaultDb }: Ctx,
) {
  try {
    await db.$transaction(async (tx) => {
      const group = await groupOf(tx, caller, id);
      const membersBefore = await memberIds(tx, id);
      const data: { displayName?: string; externalId?: string | null } = {};
      if (changes.displayName !== undefined) data.displayName = checkedDisplayName(changes.displayName);
      if (changes.externalId !== undefined) data.externalId = changes.externalId;
      if (Object.keys(data).length > 0) await tx.scimGroup.update({ where: { id }, data });
      if (changes.removeAllMembers || changes.setMembers)
        await tx.scimGroupMember.deleteMany({ where: { groupId: id } });
      const add = await checkedMembers(tx, caller, [...(changes.setMembers ?? []), ...changes.addMembers]);
      if (changes.removeMembers.length > 0) {
        await tx.scimGroupMember.deleteMany({ where: { groupId: id, userId: { in: changes.removeMembers } } });
      }
      const already = new Set(
        (await tx.scimGroupMember.findMany({ where: { groupId: id }, select: { userId: true } })).map((m) => m.userId),
      );
      const fresh = add.filter((userId) => !already.has(userId));
      if (fresh.length > 0)
        await tx.scimGroupMember.createMany({ data: fresh.map((userId) => ({ groupId: id, userId })) });
      await tx.scimGroup.update({ where: { id }, data: { updatedAt: new Date() } });
      await audit(tx, {
        actor: scimActor(caller),
        action: "scim.group_change",
        targetType: "integration",
        targetId: caller.registrationId,
        details: {
          request: `${call.method} ${call.path}`,
          group: data.displayName ?? group.displayName,
          added: fresh.length,
          removed: changes.removeMembers.length,
          replacedMembers: !!(changes.removeAllMembers || changes.setMembers),
        },
      });
      // Everyone who was or is a member: a rename or an externalId change can change what a mapping matches too.
      await regrantMembersIn(tx, caller, [...membersBefore, ...(await memberIds(tx, id))]);
    });
  } catch (error) {
    uniqueness(error);
  }
  return getScimGroup(id, true, { caller, baseUrl, call, db });
}

export async function deleteScimGroup(id: string, { caller, call, db = defaultDb }: Ctx): Promise<void> {
  await db.$transaction(async (tx) => {
    const group = await groupOf(tx, caller, id);
    const members = await memberIds(tx, id);
    await tx.scimGroup.delete({ where: { id } });
    await regrantMembersIn(tx, caller, members);
    await audit(tx, {
      actor: scimActor(caller),
      action: "scim.group_change",
      targetType: "integration",
      targetId: caller.registrationId,
      details: { request: `${call.method} ${call.path}`, group: group.displayName, deleted: true },
    });
  });
}
