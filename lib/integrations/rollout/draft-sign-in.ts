// "Sign in with draft": an admin's browser carries this sealed, one-use, 10-minute cookie (path /api/auth) naming the
// admin and the integration; while it does, that browser's sign-in through the integration uses the draft.
import "server-only";
import { publicUrl } from "@/lib/config";
import { seal, unseal } from "@/lib/crypto/seal";

export const DRAFT_SIGN_IN_COOKIE = "keyway.draft-sign-in";
export const DRAFT_SIGN_IN_TTL_S = 10 * 60;

export type DraftSignInIntent = { registrationId: string; adminId: string; expiresAt: number };

export function draftSignInCookie(registrationId: string, adminId: string) {
  const intent: DraftSignInIntent = { registrationId, adminId, expiresAt: Date.now() + DRAFT_SIGN_IN_TTL_S * 1000 };
  return {
    name: DRAFT_SIGN_IN_COOKIE,
    value: seal(JSON.stringify(intent)),
    // httpOnly: no script reads it; lax: the IdP's redirect back is a top-level GET that must carry it.
    options: {
      httpOnly: true,
      sameSite: "lax" as const,
      secure: publicUrl().startsWith("https://"),
      path: "/api/auth",
      maxAge: DRAFT_SIGN_IN_TTL_S,
    },
  };
}

/** The intent a cookie value carries, when it is Keyway's, unexpired and for `registrationId`; else null. */
export function readDraftSignIn(value: string | undefined, registrationId: string): DraftSignInIntent | null {
  if (!value) return null;
  try {
    const intent = JSON.parse(unseal(value)) as DraftSignInIntent;
    return intent.registrationId === registrationId && intent.expiresAt > Date.now() ? intent : null;
  } catch {
    return null;
  }
}
