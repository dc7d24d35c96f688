// What SCIM may touch: only users this integration created, never a break-glass account, never anyone holding an
// authority the integration's identity configurer does not hold now (the same bound as email linking).
import "server-only";
import { type Authority, effectiveAuthorities } from "@/lib/authz/authorities";
import type { Tx } from "@/lib/db";
import { ScimError, notFound } from "./errors";
import type { ScimCaller } from "./token";

async function configurerAuthorities(tx: Tx, caller: ScimCaller): Promise<Authority[]> {
  const configurer = caller.identityConfiguredById
    ? await tx.user.findUnique({
        where: { id: caller.identityConfiguredById },
        select: { disabled: true, role: true, authorities: { select: { authority: true } } },
      })
    : null;
  // Why: SCIM acts on the configurer's word; a deleted or disabled configurer vouches for no one.
  if (!configurer || configurer.disabled) {
    throw new ScimError(
      403,
      "This integration has no active identity configurer: an administrator must save it again.",
    );
  }
  return effectiveAuthorities(
    configurer.role,
    configurer.authorities.map((a) => a.authority),
  );
}

/** Refuses creating a user with `role` when the configurer does not hold all of that role's authorities. */
export async function assertConfigurerCoversRole(tx: Tx, caller: ScimCaller, role: string): Promise<void> {
  const held = await configurerAuthorities(tx, caller);
  if (!effectiveAuthorities(role, []).every((a) => held.includes(a))) {
    throw new ScimError(403, "The role SCIM would give holds authorities the integration's configurer does not hold.");
  }
}

/**
 * The user, if this integration provisioned it and may still change it. A user of another integration, or one SCIM
 * never created, is "not found" (404): no SCIM request learns that another integration's users exist.
 */
export async function touchableUser(tx: Tx, caller: ScimCaller, userId: string) {
  const row = await tx.scimUser.findFirst({
    where: { userId, integrationId: caller.integrationId },
    select: {
      userId: true,
      userName: true,
      externalId: true,
      givenName: true,
      familyName: true,
      user: {
        select: {
          email: true,
          name: true,
          role: true,
          disabled: true,
          authorities: { select: { authority: true } },
          breakGlass: { select: { userId: true } },
        },
      },
    },
  });
  if (!row) throw notFound("User");
  if (row.user.breakGlass) throw new ScimError(403, "This is a break-glass account: SCIM never changes it.");
  const held = await configurerAuthorities(tx, caller);
  const target = effectiveAuthorities(
    row.user.role,
    row.user.authorities.map((a) => a.authority),
  );
  if (!target.every((a) => held.includes(a))) {
    throw new ScimError(
      403,
      "This user holds authorities the integration's configurer does not hold: SCIM cannot change them.",
    );
  }
  return row;
}
