// Group mappings (issue 16): while an identity's groups claim holds a mapped group, its Keyway account has the
// mapped authorities. They are kept apart from what an admin granted by hand (UserAuthority.grantedBy = the
// integration's id), re-decided at every sign-in through the integration, so removing someone from the group at the
// IdP removes what the mapping gave at their next sign-in, and never touches a hand-granted authority.
import "server-only";
import { type Actor, audit, auditInsert } from "@/lib/audit";
import { AUTHORITIES, effectiveAuthorities } from "@/lib/authz/authorities";
import { type Db, db as defaultDb, QUEUED_WRITE_TX, type Tx } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import {
  authorityList,
  grantsEveryAuthority,
  type GroupMapping,
  type GroupMappingsInput,
} from "./group-mappings-schema";
import { bumpConfigVersion } from "./service";

/** A stored mapping as the sign-in reads it (the provider registry keeps them per enabled integration). */
export type StoredGroupMapping = { group: string; authorities: string; savedById: string | null };

/** What bounds the mapped grants of an integration: the admins who configured it. */
export type MappingBounds = {
  id: string;
  identityConfiguredById: string | null;
  keysConfiguredById: string | null;
  groupMappings: StoredGroupMapping[];
};

async function authoritiesHeld(db: Db | Tx, userIds: (string | null)[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(userIds.filter((id): id is string => !!id))];
  const rows = await db.user.findMany({
    where: { id: { in: ids }, disabled: false },
    select: { id: true, role: true, authorities: { select: { authority: true } } },
  });
  return new Map(
    rows.map((u) => [
      u.id,
      effectiveAuthorities(
        u.role,
        u.authorities.map((a) => a.authority),
      ),
    ]),
  );
}

/**
 * The authorities the mappings give for `groups`, each mapping bounded, now, by the authorities of the admin who
 * saved it, and all of them by the admins who set the integration's identity and key settings. Why both: whoever
 * controls the IdP's endpoints or claims decides which groups arrive, so a mapping must not hand anyone more than
 * they hold (the same rule as linking by email).
 */
export async function boundedGrants(db: Db | Tx, bounds: MappingBounds, groups: readonly string[]): Promise<string[]> {
  const matching = bounds.groupMappings.filter((m) => groups.includes(m.group));
  if (matching.length === 0) return [];
  const held = await authoritiesHeld(db, [
    ...matching.map((m) => m.savedById),
    bounds.identityConfiguredById,
    bounds.keysConfiguredById,
  ]);
  const holds = (id: string | null, a: string) => !!id && (held.get(id) ?? []).includes(a);
  const granted = matching.flatMap((m) => authorityList(m.authorities).filter((a) => holds(m.savedById, a)));
  return AUTHORITIES.filter(
    (a) => granted.includes(a) && holds(bounds.identityConfiguredById, a) && holds(bounds.keysConfiguredById, a),
  );
}

/**
 * The writes of one person's mapped grants, unsent (a sign-in puts them in its batch; SCIM awaits them in its
 * transaction): this integration's grants replaced by what the mappings give for `groups` and the person's SCIM
 * groups, audited when they change. Empty when nothing changes.
 */
export async function mappedGrantWrites(
  db: Db | Tx,
  { userId, registrationId, actor }: { userId: string; registrationId: string; actor: Actor },
  bounds: MappingBounds,
  groups: readonly string[],
) {
  const [current, scimGroups] = await Promise.all([
    db.userAuthority.findMany({ where: { userId, grantedBy: bounds.id }, select: { authority: true } }),
    scimGroupsOf(db, bounds.id, userId),
  ]);
  const decidedOn = [...groups, ...scimGroups];
  const granted = await boundedGrants(db, bounds, decidedOn);
  const had = current.map((c) => c.authority);
  const added = granted.filter((a) => !had.includes(a));
  const removed = had.filter((a) => !granted.includes(a));
  if (added.length === 0 && removed.length === 0) return [];
  return [
    db.userAuthority.deleteMany({ where: { userId, grantedBy: bounds.id, authority: { in: removed } } }),
    ...added.map((authority) => db.userAuthority.create({ data: { userId, authority, grantedBy: bounds.id } })),
    auditInsert(db, {
      actor,
      action: "user.mapped_authorities",
      targetType: "user",
      targetId: userId,
      details: { registrationId, added, removed, groups: decidedOn.slice(0, 50) },
    }),
  ];
}

/**
 * The groups this integration's SCIM provisioning put the person in (their displayName and externalId, which is how
 * Entra names groups in tokens): a mapping matches either, as it matches the groups claim.
 */
async function scimGroupsOf(db: Db | Tx, integrationId: string, userId: string): Promise<string[]> {
  const rows = await db.scimGroupMember.findMany({
    where: { userId, group: { integrationId } },
    select: { group: { select: { displayName: true, externalId: true } } },
  });
  return rows.flatMap((r) => [r.group.displayName, ...(r.group.externalId ? [r.group.externalId] : [])]);
}

/**
 * SCIM changed group memberships (or created a user): the mapped grants of these people are decided again now, from
 * their SCIM groups and the groups claim of their latest sign-in through the integration, in the caller's
 * transaction. Audited per person whose grants change.
 */
export async function regrantFromScimIn(
  tx: Tx,
  integration: { id: string; registrationId: string },
  userIds: readonly string[],
  actor: Actor,
): Promise<void> {
  const bounds = await tx.integration.findUnique({
    where: { id: integration.id },
    select: {
      id: true,
      identityConfiguredById: true,
      keysConfiguredById: true,
      groupMappings: { select: { group: true, authorities: true, savedById: true } },
    },
  });
  if (!bounds) return;
  for (const userId of new Set(userIds)) {
    const lastSignIn = await tx.signInAttempt.findFirst({
      where: { registrationId: integration.registrationId, userId, outcome: "success" },
      orderBy: { createdAt: "desc" },
      select: { groups: true },
    });
    const person = { userId, registrationId: integration.registrationId, actor };
    const writes = await mappedGrantWrites(tx, person, bounds, parseGroups(lastSignIn?.groups ?? null));
    for (const write of writes) await write;
  }
}

const BREAK_GLASS_NEEDED =
  "A mapping that grants every authority (Administrator) needs a break-glass account first, so a broken IdP cannot lock every administrator out: add one in Settings > Sign-in policy.";

/**
 * Replaces an integration's mappings. Refused when a mapping grants an authority the admin does not hold, or grants
 * every authority while no break-glass account exists. Grants no remaining mapping gives are taken away at once;
 * the rest are re-decided at each person's next sign-in.
 */
export async function saveGroupMappings(
  actor: Actor & { id: string; authorities: readonly string[] },
  input: GroupMappingsInput,
  { db = defaultDb }: { db?: Db } = {},
): Promise<{ registrationId: string; mappings: number; grantsRemoved: number }> {
  input.mappings.forEach((m, index) => {
    const missing = m.authorities.filter((a) => !actor.authorities.includes(a));
    // Why: a mapping is a standing grant; no one may hand out an authority they do not hold themselves.
    if (missing.length > 0)
      throw new ValidationError({
        [`mappings.${index}.authorities`]: `You do not hold ${missing.join(", ")}, so you cannot map it.`,
      });
  });
  return db.$transaction(async (tx) => {
    const integration = await tx.integration.findUnique({
      where: { registrationId: input.registrationId },
      select: { id: true, groupMappings: { select: { group: true, authorities: true }, orderBy: { group: "asc" } } },
    });
    if (!integration) throw new NotFoundError("Integration");
    if (input.mappings.some((m) => grantsEveryAuthority(m.authorities)) && (await tx.breakGlassAccount.count()) === 0)
      throw new ValidationError({ mappings: BREAK_GLASS_NEEDED }, BREAK_GLASS_NEEDED);
    await tx.integrationGroupMapping.deleteMany({ where: { integrationId: integration.id } });
    if (input.mappings.length > 0)
      await tx.integrationGroupMapping.createMany({
        data: input.mappings.map((m) => ({
          integrationId: integration.id,
          group: m.group,
          authorities: m.authorities.join(" "),
          savedById: actor.id,
        })),
      });
    const stillMapped = [...new Set(input.mappings.flatMap((m) => m.authorities))];
    const removed = await tx.userAuthority.deleteMany({
      where: { grantedBy: integration.id, authority: { notIn: stillMapped } },
    });
    // The sign-in reads mappings from the provider registry: every replica reloads on the new version.
    const configVersion = await bumpConfigVersion(tx);
    await audit(tx, {
      actor,
      action: "integration.group_mappings",
      targetType: "integration",
      targetId: input.registrationId,
      details: {
        before: integration.groupMappings.map((m) => `${m.group} → ${m.authorities}`),
        after: input.mappings.map((m) => `${m.group} → ${m.authorities.join(" ")}`),
        grantsRemoved: removed.count,
        configVersion,
      },
    });
    return { registrationId: input.registrationId, mappings: input.mappings.length, grantsRemoved: removed.count };
  }, QUEUED_WRITE_TX);
}

/** The integration's mappings, for its page. */
export async function listGroupMappings(registrationId: string, db: Db = defaultDb): Promise<GroupMapping[]> {
  const rows = await db.integrationGroupMapping.findMany({
    where: { integration: { registrationId } },
    select: { group: true, authorities: true },
    orderBy: { group: "asc" },
  });
  return rows.map((r) => ({
    group: r.group,
    authorities: AUTHORITIES.filter((a) => authorityList(r.authorities).includes(a)),
  }));
}

export const SIMULATION_PEOPLE = 200;

export type SimulationRow = { email: string; groups: string[]; gains: string[]; losses: string[] };

/**
 * Simulate: replays the groups of each person's latest sign-in through the integration (kept with the sign-in
 * attempts, bounded like them, no tokens), with their SCIM groups, through `mappings`, against what this
 * integration's mappings give them now. Lists only the people who would gain or lose something. Reads only.
 */
export async function simulateGroupMappings(
  actor: { id: string },
  input: GroupMappingsInput,
  { db = defaultDb }: { db?: Db } = {},
): Promise<{ people: number; changes: SimulationRow[] }> {
  const integration = await db.integration.findUnique({
    where: { registrationId: input.registrationId },
    select: { id: true, identityConfiguredById: true, keysConfiguredById: true },
  });
  if (!integration) throw new NotFoundError("Integration");
  const attempts = await db.signInAttempt.findMany({
    where: { registrationId: input.registrationId, outcome: "success", userId: { not: null }, groups: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { userId: true, groups: true },
    take: SIMULATION_PEOPLE * 5,
  });
  const latest = new Map<string, string[]>();
  for (const a of attempts) {
    if (!latest.has(a.userId!) && latest.size < SIMULATION_PEOPLE) latest.set(a.userId!, parseGroups(a.groups));
  }
  // People this integration provisioned over SCIM count with their SCIM groups, signed in yet or not.
  const provisioned = await db.scimUser.findMany({
    where: { integrationId: integration.id },
    select: { userId: true },
    orderBy: { createdAt: "desc" },
    take: SIMULATION_PEOPLE,
  });
  for (const { userId } of provisioned)
    if (!latest.has(userId) && latest.size < SIMULATION_PEOPLE) latest.set(userId, []);
  for (const [userId, groups] of latest)
    latest.set(userId, [...groups, ...(await scimGroupsOf(db, integration.id, userId))]);
  const userIds = [...latest.keys()];
  const [users, current] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds }, disabled: false }, select: { id: true, email: true } }),
    db.userAuthority.findMany({
      where: { userId: { in: userIds }, grantedBy: integration.id },
      select: { userId: true, authority: true },
    }),
  ]);
  // As if the admin simulating saved them: their authorities bound the mappings.
  const bounds: MappingBounds = {
    ...integration,
    groupMappings: input.mappings.map((m) => ({ ...m, authorities: m.authorities.join(" "), savedById: actor.id })),
  };
  const changes: SimulationRow[] = [];
  for (const user of users) {
    const groups = latest.get(user.id) ?? [];
    const would = await boundedGrants(db, bounds, groups);
    const has = current.filter((c) => c.userId === user.id).map((c) => c.authority);
    const gains = would.filter((a) => !has.includes(a));
    const losses = has.filter((a) => !would.includes(a));
    if (gains.length || losses.length) changes.push({ email: user.email, groups, gains, losses });
  }
  return { people: users.length, changes: changes.sort((a, b) => a.email.localeCompare(b.email)) };
}

function parseGroups(stored: string | null): string[] {
  try {
    const value: unknown = JSON.parse(stored ?? "[]");
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** What a sign-in attempt keeps for Simulate: the group values (bounded), as JSON. */
export function groupsForAttempt(groups: readonly string[] | undefined): string | null {
  return groups ? JSON.stringify(groups.slice(0, 200).map((g) => g.slice(0, 256))) : null;
}
