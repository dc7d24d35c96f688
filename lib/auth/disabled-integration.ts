// Refuses sign-in starts and callbacks for an integration that is disabled or gone, before next-auth sees them:
// next-auth knows only enabled providers and would answer with its generic error page.
import "server-only";
import { publicUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { recordSignInFailure } from "@/lib/integrations/service";
import { ssoProviders } from "./provider-registry";
import { errorPageUrl } from "./sign-in-errors";

const SSO_STEPS = new Set(["signin", "callback"]);
// next-auth's own providers, which never come from the integrations table.
const BUILT_IN = new Set(["credentials"]);

/** The refusal for this request, or null to let next-auth handle it. */
export async function unavailableIntegrationRefusal(segments: readonly string[] | undefined, method: string): Promise<Response | null> {
  const [step, registrationId] = segments ?? [];
  if (!segments || segments.length !== 2 || !SSO_STEPS.has(step) || !registrationId || BUILT_IN.has(registrationId)) return null;
  if ((await ssoProviders()).has(registrationId)) return null;
  const known = await db.integration.findUnique({ where: { registrationId }, select: { id: true } });
  // Why only known ones are recorded: anyone can request /callback/<anything>, and must not fill the audit log.
  if (known) await recordSignInFailure(registrationId, "INTEGRATION_DISABLED");
  const url = `${publicUrl()}${errorPageUrl("INTEGRATION_DISABLED")}`;
  // next-auth's client starts sign-in with a JSON POST and follows the `url` it gets back.
  if (method === "POST") return Response.json({ url });
  return Response.redirect(url, 302);
}
