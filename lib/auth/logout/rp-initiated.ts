// Sign out: the Keyway session row ends first (every replica sees it on its next request), then, for an SSO session
// whose integration has RP-initiated logout on, the browser goes to the IdP's end_session_endpoint with the session's
// id_token as id_token_hint and Keyway's post-logout redirect URI (OpenID Connect RP-Initiated Logout 1.0).
import "server-only";
import { randomBytes } from "node:crypto";
import { postLogoutRedirectUri } from "@/lib/config";
import { unseal } from "@/lib/crypto/seal";
import { type Db, db as defaultDb } from "@/lib/db";
import { revokeSession } from "../sessions";

/** Where a plain sign-out lands (password sessions, or the switch off): the sign-in page, as before. */
export const SIGNED_OUT_PATH = "/signin";

/** The id_token for id_token_hint, or null when it cannot be opened (sealing key retired): then client_id alone. */
function openedIdToken(sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return unseal(sealed);
  } catch {
    return null;
  }
}

/**
 * Ends `sessionId` (only when it is `userId`'s) and answers where the browser goes next: the IdP's end-session URL
 * when the session was opened through an integration with RP-initiated logout and an End Session URI, else
 * SIGNED_OUT_PATH.
 */
export async function signOutSession(
  userId: string,
  sessionId: string | null,
  { db = defaultDb, base }: { db?: Db; base?: string } = {},
): Promise<string> {
  if (!sessionId) return SIGNED_OUT_PATH;
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: { userId: true, integrationId: true, idTokenSealed: true },
  });
  // Why: a session id from the cookie names this user's own session only; anything else is left alone.
  if (!row || row.userId !== userId) return SIGNED_OUT_PATH;
  await revokeSession(db, sessionId);
  if (!row.integrationId) return SIGNED_OUT_PATH;
  const integration = await db.integration.findUnique({
    where: { id: row.integrationId },
    select: { clientId: true, endSessionUri: true, rpInitiatedLogout: true },
  });
  if (!integration?.rpInitiatedLogout || !integration.endSessionUri || !URL.canParse(integration.endSessionUri))
    return SIGNED_OUT_PATH;
  const url = new URL(integration.endSessionUri);
  const hint = openedIdToken(row.idTokenSealed);
  // The id_token travels only in this one redirect to the IdP that issued it (as the spec intends), never stored
  // in the browser.
  if (hint) url.searchParams.set("id_token_hint", hint);
  url.searchParams.set("post_logout_redirect_uri", postLogoutRedirectUri(base));
  url.searchParams.set("client_id", integration.clientId);
  // Unpredictable, as the spec asks; the landing page only shows a notice, so nothing on return depends on it.
  url.searchParams.set("state", randomBytes(16).toString("base64url"));
  return url.toString();
}
