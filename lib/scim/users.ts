// SCIM Users: create, read, replace, patch, delete, each in one transaction with its audit event. Deprovisioning
// (active:false or DELETE) disables the user, ends every session and API token, and writes the receipt in that
// same transaction; the caller answers only after it commits.
import "server-only";
import { type Actor, audit } from "@/lib/audit";
import { revokeUserApiTokens } from "@/lib/api-tokens/service";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { type Db, db as defaultDb, isUniqueViolation, QUEUED_WRITE_TX, type Tx } from "@/lib/db";
import { emailDomainOf } from "@/lib/integrations/email-domains";
import { emailSchema } from "@/lib/users/schema";
import { hasUnsafeCharacters } from "@/lib/validations/safe-text";
import { ScimError, notFound } from "./errors";
import { type UserLookup } from "./filter";
import { booleanOf, emailFromList, type UserChanges } from "./patch";
import { listResponse, scimUserSelect, toScimUser } from "./resources";
import { provisionedRole, regrantMembersIn } from "./role";
import { assertConfigurerCoversRole, touchableUser } from "./rules";
import type { ScimCaller } from "./token";

/** What the receipt names as "which IdP call". */
export type ScimCall = { method: string; path: string; receivedAt: Date };
type Ctx = { caller: ScimCaller; baseUrl: string; call: ScimCall; db?: Db };

const NAME_MAX = 100;

export const scimActor = (caller: ScimCaller): Actor => ({
  id: null,
  email: "scim",
  via: `SCIM ${caller.registrationId}`,
});

export const EMAIL_CHANGE_REFUSED =
  "Keyway does not change a user's email over SCIM unless the integration allows it (Provisioning (SCIM) > Allow email changes): the email is how accounts are matched at sign-in. Keep the email, or ask a Keyway administrator to allow email changes.";
export const EMAIL_TAKEN = "Another Keyway account already uses this email.";

function checkedEmail(raw: string | undefined, caller: ScimCaller): string {
  const parsed = emailSchema.safeParse(raw ?? "");
  if (!parsed.success)
    throw new ScimError(400, "A valid work email (or an email userName) is required.", "invalidValue");
  const domains = caller.emailDomains;
  // Why: the integration speaks only for its own Email domains, as at sign-in.
  if (domains.length > 0 && !domains.includes(emailDomainOf(parsed.data) ?? "")) {
    throw new ScimError(
      400,
      `The email is outside this integration's Email domains (${domains.join(", ")}).`,
      "invalidValue",
    );
  }
  return parsed.data;
}

/**
 * How userNames compare: SCIM's userName is caseExact false (RFC 7643 §4.1.1), so `Kate@Acme.test` and
 * `kate@acme.test` are one user for filters and uniqueness (stored in ScimUser.userNameKey); the userName itself is
 * kept as the IdP sent it.
 */
export const userNameKey = (userName: string) => userName.toLowerCase();

/** The Keyway display name from SCIM's name parts: displayName, else name.formatted, else given + family. */
function displayNameOf(values: {
  displayName?: string | null;
  formatted?: string | null;
  givenName?: string | null;
  familyName?: string | null;
}): string | null {
  const joined = [values.givenName, values.familyName].filter(Boolean).join(" ");
  const name = (values.displayName || values.formatted || joined || "").trim();
  if (!name) return null;
  if (hasUnsafeCharacters(name)) throw new ScimError(400, "The name contains control characters.", "invalidValue");
  if (name.length > NAME_MAX) throw new ScimError(400, `Names are at most ${NAME_MAX} characters.`, "invalidValue");
  return name;
}

/** A full SCIM User resource (POST, PUT) → its fields. */
export function userResourceFields(body: unknown): Required<Omit<UserChanges, "email">> & { email?: string } {
  const r = (body ?? {}) as Record<string, unknown>;
  if (typeof r.userName !== "string" || !r.userName.trim()) {
    throw new ScimError(400, "userName is required.", "invalidValue");
  }
  const name = (r.name && typeof r.name === "object" ? r.name : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    userName: r.userName.trim(),
    externalId: str(r.externalId),
    givenName: str(name.givenName),
    familyName: str(name.familyName),
    formatted: str(name.formatted),
    displayName: str(r.displayName),
    email: emailFromList(r.emails) ?? (r.userName.includes("@") ? r.userName.trim() : undefined),
    active: r.active === undefined ? true : booleanOf(r.active, "active"),
  };
}

function uniqueness(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new ScimError(
      409,
      "A user with this userName or externalId already exists for this integration.",
      "uniqueness",
    );
  }
  throw error;
}

export async function createScimUser(body: unknown, { caller, baseUrl, db = defaultDb }: Ctx) {
  const fields = userResourceFields(body);
  const email = checkedEmail(fields.email, caller);
  const name = displayNameOf(fields) ?? email;
  const role = provisionedRole({ id: caller.integrationId, registrationId: caller.registrationId });
  try {
    const row = await db.$transaction(async (tx) => {
      await assertConfigurerCoversRole(tx, caller, role);
      const existing = await tx.user.findUnique({
        where: { email },
        select: { id: true, scimLink: { select: { integrationId: true } }, scimRemovedById: true },
      });
      // The IdP assigns someone again after removing them: the account its DELETE kept comes back, history and all.
      if (existing && !existing.scimLink && existing.scimRemovedById === caller.integrationId) {
        return reprovisionIn(tx, caller, existing.id, fields, name);
      }
      if (existing) {
        // Why: SCIM never takes over an account it did not create (an admin's, another integration's).
        throw new ScimError(
          409,
          "A Keyway account with this email already exists and was not created by this integration; SCIM does not take over existing accounts.",
          "uniqueness",
        );
      }
      const user = await tx.user.create({
        data: { email, name, role, disabled: !fields.active },
        select: { id: true },
      });
      const created = await tx.scimUser.create({
        data: {
          userId: user.id,
          integrationId: caller.integrationId,
          externalId: fields.externalId,
          userName: fields.userName,
          userNameKey: userNameKey(fields.userName),
          givenName: fields.givenName,
          familyName: fields.familyName,
        },
        select: scimUserSelect,
      });
      await audit(tx, {
        actor: scimActor(caller),
        action: "scim.user_create",
        targetType: "user",
        targetId: user.id,
        details: {
          integration: caller.registrationId,
          email,
          role,
          externalId: fields.externalId,
          active: fields.active,
        },
      });
      return created;
    });
    return toScimUser(row, baseUrl);
  } catch (error) {
    return uniqueness(error);
  }
}

/**
 * Links a user this integration's DELETE removed back to it, with the fields of the new POST. The same bounds as any
 * SCIM change hold (never a break-glass account, never someone holding more than the configurer): an admin may have
 * changed the account since.
 */
async function reprovisionIn(
  tx: Tx,
  caller: ScimCaller,
  userId: string,
  fields: ReturnType<typeof userResourceFields>,
  name: string,
) {
  await tx.scimUser.create({
    data: {
      userId,
      integrationId: caller.integrationId,
      externalId: fields.externalId,
      userName: fields.userName,
      userNameKey: userNameKey(fields.userName),
      givenName: fields.givenName,
      familyName: fields.familyName,
    },
  });
  await touchableUser(tx, caller, userId);
  await tx.user.update({ where: { id: userId }, data: { name, disabled: !fields.active, scimRemovedById: null } });
  await audit(tx, {
    actor: scimActor(caller),
    action: "scim.reprovision",
    targetType: "user",
    targetId: userId,
    details: { integration: caller.registrationId, externalId: fields.externalId, active: fields.active },
  });
  return tx.scimUser.findUniqueOrThrow({ where: { userId }, select: scimUserSelect });
}

export async function getScimUser(userId: string, { caller, baseUrl, db = defaultDb }: Ctx) {
  const row = await db.scimUser.findFirst({
    where: { userId, integrationId: caller.integrationId },
    select: scimUserSelect,
  });
  if (!row) throw notFound("User");
  return toScimUser(row, baseUrl);
}

export async function listScimUsers(
  lookup: UserLookup,
  { startIndex, count }: { startIndex: number; count: number },
  { caller, baseUrl, db = defaultDb }: Ctx,
) {
  // Every query is scoped to the caller's integration first: no filter can reach another integration's users.
  const where = {
    integrationId: caller.integrationId,
    ...(lookup && "userName" in lookup ? { userNameKey: userNameKey(lookup.userName) } : {}),
    ...(lookup && "externalId" in lookup ? { externalId: lookup.externalId } : {}),
    ...(lookup && "email" in lookup ? { user: { email: lookup.email.trim().toLowerCase() } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.scimUser.count({ where }),
    count === 0
      ? Promise.resolve([])
      : db.scimUser.findMany({
          where,
          select: scimUserSelect,
          orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
          skip: startIndex - 1,
          take: count,
        }),
  ]);
  return listResponse(
    rows.map((r) => toScimUser(r, baseUrl)),
    total,
    startIndex,
  );
}

/** Ends the user's access in the caller's transaction and writes the deprovisioning receipt. */
async function deprovisionIn(tx: Tx, caller: ScimCaller, userId: string, call: ScimCall, reason: string) {
  await tx.user.update({ where: { id: userId }, data: { disabled: true } });
  const sessionsEnded = await revokeUserSessions(tx, userId);
  const apiTokensEnded = await revokeUserApiTokens(tx, userId);
  const revokedAt = new Date();
  await audit(tx, {
    actor: scimActor(caller),
    action: "scim.deprovision",
    targetType: "user",
    targetId: userId,
    details: {
      integration: caller.registrationId,
      reason,
      request: `${call.method} ${call.path}`,
      receivedAt: call.receivedAt.toISOString(),
      revokedAt: revokedAt.toISOString(),
      timeToRevokeMs: revokedAt.getTime() - call.receivedAt.getTime(),
      sessionsEnded,
      apiTokensEnded,
    },
  });
}

/** PATCH and PUT: the changes on a user this integration may touch. Email changes only where the integration allows them. */
export async function changeScimUser(
  userId: string,
  changes: UserChanges,
  { caller, baseUrl, call, db = defaultDb }: Ctx,
) {
  try {
    await db.$transaction(async (tx) => {
      const row = await touchableUser(tx, caller, userId);
      const email = changes.email !== undefined ? checkedEmail(changes.email, caller) : row.user.email;
      if (email !== row.user.email) {
        // Why off by default: the email is how sign-ins find accounts; only an admin's switch lets the IdP move it.
        if (!caller.allowEmailChange) throw new ScimError(400, EMAIL_CHANGE_REFUSED, "mutability");
        if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
          throw new ScimError(409, EMAIL_TAKEN, "uniqueness");
        }
      }
      const parts = {
        givenName: changes.givenName !== undefined ? changes.givenName : row.givenName,
        familyName: changes.familyName !== undefined ? changes.familyName : row.familyName,
      };
      const nameChanged =
        changes.displayName !== undefined ||
        changes.formatted !== undefined ||
        changes.givenName !== undefined ||
        changes.familyName !== undefined;
      const name = nameChanged ? (displayNameOf({ ...changes, ...parts }) ?? row.user.name) : row.user.name;
      const link = {
        userName: changes.userName ?? row.userName,
        externalId: changes.externalId !== undefined ? changes.externalId : row.externalId,
        ...parts,
      };
      const changed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries({ ...link, name, email })) {
        const before = key === "name" || key === "email" ? row.user[key] : row[key as keyof typeof link];
        if (value !== before) changed[key] = { from: before, to: value };
      }
      if (Object.keys(changed).length > 0) {
        await tx.scimUser.update({ where: { userId }, data: { ...link, userNameKey: userNameKey(link.userName) } });
        if (name !== row.user.name || email !== row.user.email) {
          await tx.user.update({ where: { id: userId }, data: { name, email } });
        }
        await audit(tx, {
          actor: scimActor(caller),
          action: "scim.user_update",
          targetType: "user",
          targetId: userId,
          details: { integration: caller.registrationId, request: `${call.method} ${call.path}`, changes: changed },
        });
      }
      if (changes.active === false && !row.user.disabled) await deprovisionIn(tx, caller, userId, call, "active:false");
      if (changes.active === true && row.user.disabled) {
        await tx.user.update({ where: { id: userId }, data: { disabled: false } });
        await audit(tx, {
          actor: scimActor(caller),
          action: "scim.reactivate",
          targetType: "user",
          targetId: userId,
          details: { integration: caller.registrationId, request: `${call.method} ${call.path}` },
        });
      }
    }, QUEUED_WRITE_TX);
  } catch (error) {
    uniqueness(error);
  }
  return getScimUser(userId, { caller, baseUrl, call, db });
}

/**
 * DELETE: the user is disabled (sessions and tokens ended, receipt written) and no longer provisioned by this
 * integration; the row stays, so the audit trail keeps its subject. Answers only after the commit.
 */
export async function deleteScimUser(userId: string, { caller, call, db = defaultDb }: Ctx): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await touchableUser(tx, caller, userId);
    if (!row.user.disabled) await deprovisionIn(tx, caller, userId, call, "DELETE");
    else {
      await audit(tx, {
        actor: scimActor(caller),
        action: "scim.deprovision",
        targetType: "user",
        targetId: userId,
        details: {
          integration: caller.registrationId,
          reason: "DELETE (already disabled)",
          request: `${call.method} ${call.path}`,
          receivedAt: call.receivedAt.toISOString(),
          sessionsEnded: 0,
          apiTokensEnded: 0,
        },
      });
    }
    await tx.scimGroupMember.deleteMany({ where: { userId, group: { integrationId: caller.integrationId } } });
    await regrantMembersIn(tx, caller, [userId]);
    await tx.scimUser.delete({ where: { userId } });
    // Why: only the integration that removed the account may bring it back (a POST of the same email, see above).
    await tx.user.update({ where: { id: userId }, data: { scimRemovedById: caller.integrationId } });
  }, QUEUED_WRITE_TX);
}
