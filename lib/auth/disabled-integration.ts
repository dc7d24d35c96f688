// A sign-in start or callback for an integration that is disabled or gone (a stale sign-in page, or the admin
// disabled or deleted it mid-sign-in): next-auth knows only enabled providers and would show its generic error page;
// Keyway names it (INTEGRATION_DISABLED) and records it.
import "server-only";
import { publicUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { canUnseal } from "@/lib/integrations/broken";
import { recordSignInFailure } from "@/lib/integrations/service";
import { errorPageUrl } from "./sign-in-errors";

// next-auth's own providers, which never come from the integrations table.
const BUILT_IN = new Set(["credentials"]);

/**
 * `loaded`: the providers the request's options carry (only enabled integrations are loaded, so one of them needs
 * no database read). `mayRecord`: only a callback carrying this browser's own state cookie (a sign-in really in
 * flight) is recorded; anyone can send a bare GET of these URLs and must not be able to write health or audit rows
 * (issue 6, finding 7).
 */
export async function disabledIntegrationRefusal(
  segments: string[] | undefined,
  method: string,
  loaded: readonly { id: string }[],
  mayRecord: () => Promise<boolean>,
): Promise<Response | null> {
  const [action, registrationId] = segments ?? [];
  if ((action !== "signin" && action !== "callback") || !registrationId || BUILT_IN.has(registrationId)) return null;
  if (loaded.some((provider) => provider.id === registrationId)) return null;
  const row = await db.integration.findUnique({
    where: { registrationId },
    select: { enabled: true, clientSecretSealed: true },
  });
  // Enabled but not loaded: either created a moment ago (next-auth will find it) or its secret cannot be decrypted,
  // which is named for what it is, not passed off as disabled.
  const broken = !!row?.enabled && !canUnseal(row.clientSecretSealed);
  if (row?.enabled && !broken) return null;
  const code = broken ? "INTEGRATION_BROKEN" : "INTEGRATION_DISABLED";
  if (row && (await mayRecord())) await recordSignInFailure(registrationId, code);
  const url = `${publicUrl()}${errorPageUrl(code)}`;
  // next-auth's client starts sign-in with a JSON POST and follows the `url` it gets back.
  if (method === "POST") return Response.json({ url });
  return Response.redirect(url, 302);
}
