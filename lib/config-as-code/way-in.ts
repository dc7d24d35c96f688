// "A way in": someone who can repair the sign-in configuration (an active holder of OAUTH_INTEGRATION_WRITE) can
// still sign in — with a password (only a break-glass account while single sign-on is required), or through an
// enabled integration they are linked to under its current issuer. Apply refuses a change set that takes the last
// one away.
import "server-only";
import { ROLE_AUTHORITIES, ROLES } from "@/lib/authz/authorities";
import type { Tx } from "@/lib/db";

export const LAST_WAY_IN_MESSAGE =
  "Refused: after this change there would be no way in — nobody who manages OAuth integrations could sign in " +
  "(no password sign-in for them, and no enabled integration they are linked to under its issuer). Keep the " +
  "integration they sign in through, or give one of them a password (a break-glass account while single sign-on is required).";

const MANAGING_ROLES = ROLES.filter((role) => ROLE_AUTHORITIES[role].includes("OAUTH_INTEGRATION_WRITE"));
const managers = {
  disabled: false,
  OR: [{ role: { in: [...MANAGING_ROLES] } }, { authorities: { some: { authority: "OAUTH_INTEGRATION_WRITE" } } }],
};

export async function hasWayIn(tx: Tx): Promise<boolean> {
  const policy = await tx.signInPolicy.findUnique({ where: { id: 1 }, select: { requireSso: true } });
  const withPassword = await tx.user.count({
    where: {
      ...managers,
      passwordHash: { not: null },
      ...(policy?.requireSso ? { breakGlass: { isNot: null } } : {}),
    },
  });
  if (withPassword > 0) return true;
  const enabled = await tx.integration.findMany({
    where: { enabled: true },
    select: { registrationId: true, issuer: true },
  });
  if (enabled.length === 0) return false;
  const linked = await tx.account.count({
    where: {
      user: managers,
      OR: enabled.map((i) => ({ provider: i.registrationId, issuer: i.issuer })),
    },
  });
  return linked > 0;
}
