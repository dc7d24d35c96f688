// Refuses sign-in starts and callbacks for an integration that is disabled or gone, before next-auth sees them:
// next-auth knows only enabled providers and would answer with its generic error page.
import "server-only";
import { db } from "@/lib/db";
import { recordSsoRefusal } from "./account-matching";
import { ssoProviders } from "./provider-registry";
import { errorPageUrl } from "./sign-in-errors";

const SSO_STEPS = new Set(["signin", "callback"]);
// next-auth's own providers, which never come from the integrations table.
const BUILT_IN = new Set(["credentials"]);

/** The error page to send this request to, or null to let next-auth handle it. */
export async function refuseUnavailableIntegration(segments: readonly string[]): Promise<string | null> {
  const [step, registrationId] = segments;
  if (!step || !registrationId || segments.length !== 2 || !SSO_STEPS.has(step) || BUILT_IN.has(registrationId)) return null;
  if ((await ssoProviders()).has(registrationId)) return null;
  const known = await db.integration.findUnique({ where: { registrationId }, select: { id: true } });
  // Why only known ones are recorded: anyone can request /callback/<anything>, and must not fill the audit log.
  if (known) await recordSsoRefusal(db, registrationId, "INTEGRATION_DISABLED");
  else console.warn(`[keyway] sign-in ${step} for unknown integration refused`);
  return errorPageUrl("INTEGRATION_DISABLED");
}
