// Sign in with draft: for a browser whose admin asked to (lib/integrations/rollout/draft-sign-in.ts), the sign-in and
// callback of that integration run with a provider built from its draft, and linking follows the draft's settings.
// Everyone else keeps getting the live provider.
import "server-only";
import type { NextRequest } from "next/server";
import type { CurrentUser } from "@/lib/authz/current-user";
import { draftIntegrationConfig } from "@/lib/integrations/rollout/draft";
import { DRAFT_SIGN_IN_COOKIE, readDraftSignIn } from "@/lib/integrations/rollout/draft-sign-in";
import { logLine } from "@/lib/log";
import type { LinkingSettings } from "./linking-rules";
import { buildOidcProvider } from "./oidc-provider";

export type DraftSignIn = { provider: ReturnType<typeof buildOidcProvider>; linking: LinkingSettings };

/**
 * The draft provider for this /api/auth request (signin/<id> or callback/<id>), or null. `currentUser` is who the
 * session names: the intent holds only while that is still the admin who started it and may still write integrations.
 */
export async function draftSignInFor(
  request: NextRequest,
  route: readonly string[],
  currentUser: () => Promise<CurrentUser | null>,
): Promise<DraftSignIn | null> {
  const [action, registrationId] = route;
  if ((action !== "signin" && action !== "callback") || !registrationId) return null;
  const intent = readDraftSignIn(request.cookies.get(DRAFT_SIGN_IN_COOKIE)?.value, registrationId);
  if (!intent) return null;
  const user = await currentUser();
  // Why: a copied cookie must not let anyone but that admin, still allowed to, use an unpublished configuration.
  if (!user || user.id !== intent.adminId || !user.authorities.includes("OAUTH_INTEGRATION_WRITE")) return null;
  try {
    const { linking, clientSecret, ...config } = await draftIntegrationConfig(registrationId);
    return { provider: buildOidcProvider(config, clientSecret), linking };
  } catch (error) {
    // No draft any more (promoted or discarded meanwhile): the live configuration serves this sign-in.
    console.error(logLine`[keyway] draft sign-in ${registrationId} not possible: ${(error as Error).message}`);
    return null;
  }
}

/** The Set-Cookie header value that ends a draft sign-in intent (one use: sent with its callback's answer). */
export function clearedDraftSignInCookie(): string {
  return `${DRAFT_SIGN_IN_COOKIE}=; Path=/api/auth; Max-Age=0; HttpOnly; SameSite=Lax`;
}
