// Who an integration's email links are bounded by (issue 6): the admin who last set its identity-relevant settings.
import "server-only";
import { db } from "@/lib/db";

/** The configurer's email and whether they can still vouch (active), or null when nobody is recorded or they are gone. */
export async function identityConfigurerOf(registrationId: string): Promise<{ email: string; active: boolean } | null> {
  const row = await db.integration.findUnique({ where: { registrationId }, select: { identityConfiguredById: true } });
  if (!row?.identityConfiguredById) return null;
  const user = await db.user.findUnique({
    where: { id: row.identityConfiguredById },
    select: { email: true, disabled: true },
  });
  return user ? { email: user.email, active: !user.disabled } : null;
}
