// Who may give which authorities to whom (issue 6, finding 2). Client-safe (no I/O): the service enforces these
// rules inside its transactions, and the console uses the same functions to offer only what would be accepted.
import { type Authority, effectiveAuthorities } from "@/lib/authz/authorities";

export const SELF_CHANGE_REFUSED = "You cannot change your own role or authorities; ask another administrator.";
export const MORE_PRIVILEGED_REFUSED = "You cannot change this user: they hold authorities you do not hold yourself.";
export const grantRefused = (missing: readonly string[]) =>
  `You cannot grant authorities you do not hold yourself: ${missing.join(", ")}.`;

type Holder = { role: string; authorities: readonly string[] };

/** The authorities in `wanted` that the actor does not hold (empty: the grant is allowed). */
export function missingAuthorities(actorAuthorities: readonly Authority[], wanted: Holder): Authority[] {
  return effectiveAuthorities(wanted.role, wanted.authorities).filter((a) => !actorAuthorities.includes(a));
}

/** True when the actor holds every authority of the target, so may change or disable them at all. */
export function canManage(actorAuthorities: readonly Authority[], target: Holder): boolean {
  return missingAuthorities(actorAuthorities, target).length === 0;
}
