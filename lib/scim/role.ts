// The one place that decides the role of a user created over SCIM.
import type { Role } from "@/lib/authz/authorities";

/**
 * Today every SCIM-created user is a GUEST. A group → role mapping per integration (developed separately) will
 * decide here from the groups the IdP sends; nothing else in lib/scim picks a role.
 */
export function provisionedRole(_integration: { id: string; registrationId: string }): Role {
  return "GUEST";
}
