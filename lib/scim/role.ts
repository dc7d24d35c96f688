// The one place that decides what a user created over SCIM may do. The role is always GUEST: what more they get
// comes from the integration's group mappings (lib/integrations/group-mappings.ts), as authorities kept apart from
// hand grants — from their SCIM groups (displayName or externalId) and the groups claim of their latest sign-in —
// bounded by the admin who saved the mappings and the integration's configurers. A mapping granting every authority
// is how a group makes someone an administrator.
import "server-only";
import type { Role } from "@/lib/authz/authorities";
import type { Tx } from "@/lib/db";
import { regrantFromScimIn } from "@/lib/integrations/group-mappings";
import type { ScimCaller } from "./token";
import { scimActor } from "./users";

export function provisionedRole(_integration: { id: string; registrationId: string }): Role {
  return "GUEST";
}

/** SCIM changed these people's groups: their mapped authorities are decided again, in the same transaction. */
export function regrantMembersIn(tx: Tx, caller: ScimCaller, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return Promise.resolve();
  return regrantFromScimIn(
    tx,
    { id: caller.integrationId, registrationId: caller.registrationId },
    userIds,
    scimActor(caller),
  );
}
