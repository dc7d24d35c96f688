// "Link single sign-on" from a user's own profile: before the IdP round trip Keyway sets a short-lived, signed,
// httpOnly cookie naming the signed-in user and the integration; the sign-in callback accepts a self-link only
// when that cookie verifies and still names the user of the current session.
import "server-only";
import { hkdfSync } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { publicUrl } from "@/lib/config";
import { authSecret } from "./secret";

export const LINK_INTENT_MAX_AGE_S = 10 * 60;
const AUDIENCE = "keyway:link-sso";

/** Cookie name; `__Host-` over https so no subdomain can plant or read it. */
export function linkIntentCookieName(): string {
  return publicUrl().startsWith("https://") ? "__Host-keyway.link-intent" : "keyway.link-intent";
}

// Why a derived key: the session secret must not sign anything a session cookie could be confused with.
function key(): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", authSecret(), "keyway", "link-intent v1", 32));
}

export async function createLinkIntent(userId: string, registrationId: string): Promise<string> {
  return new SignJWT({ rid: registrationId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LINK_INTENT_MAX_AGE_S}s`)
    .sign(key());
}

/** The intent's user and integration, or null when it is forged, expired or malformed. */
export async function readLinkIntent(
  token: string | undefined,
): Promise<{ userId: string; registrationId: string } | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(), { audience: AUDIENCE, algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.rid !== "string") return null;
    return { userId: payload.sub, registrationId: payload.rid };
  } catch {
    return null;
  }
}

export function linkIntentCookieOptions() {
  return {
    httpOnly: true,
    // Lax: the IdP's redirect back is a top-level GET navigation, which carries Lax cookies.
    sameSite: "lax" as const,
    secure: publicUrl().startsWith("https://"),
    path: "/",
    maxAge: LINK_INTENT_MAX_AGE_S,
  };
}
