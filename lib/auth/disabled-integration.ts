// A sign-in start or callback for an integration that exists but is disabled (a stale sign-in page, or the
// admin disabled it mid-sign-in): next-auth would only say "OAuthCallback"; Keyway names it and records it.
import "server-only";
import { db } from "@/lib/db";
import { publicUrl } from "@/lib/config";
import { recordSignInFailure } from "@/lib/integrations/service";
import { errorPageUrl } from "./sign-in-errors";

export async function disabledIntegrationRefusal(segments: string[] | undefined, method: string): Promise<Response | null> {
  const [action, registrationId] = segments ?? [];
  if ((action !== "signin" && action !== "callback") || !registrationId) return null;
  const row = await db.integration.findUnique({ where: { registrationId }, select: { enabled: true } });
  if (!row || row.enabled) return null;
  await recordSignInFailure(registrationId, "INTEGRATION_DISABLED");
  const url = `${publicUrl()}${errorPageUrl("INTEGRATION_DISABLED")}`;
  // next-auth's client starts sign-in with a JSON POST and follows the `url` it gets back.
  if (method === "POST") return Response.json({ url });
  return Response.redirect(url, 302);
}
