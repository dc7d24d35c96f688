// The email shown on the refusal page travels in a short-lived signed httpOnly cookie set when the refusal
// happens, never in the URL (issue 6, finding 8): a link cannot make Keyway's own page show words of its choosing.
import "server-only";
import { jwtVerify, SignJWT } from "jose";
import type { SignInErrorCode } from "./sign-in-errors";

export const REFUSAL_COOKIE = "keyway.refusal";
const MAX_AGE_S = 5 * 60;
const AUDIENCE = "keyway:refusal-page";

const keyOf = (secret: string) => new TextEncoder().encode(`keyway refusal cookie\u0000${secret}`);

export async function refusalCookieHeader(
  code: SignInErrorCode,
  email: string,
  secret: string,
  secure: boolean,
): Promise<string> {
  const token = await new SignJWT({ code, email: email.slice(0, 254) })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${MAX_AGE_S}s`)
    .sign(keyOf(secret));
  return `${REFUSAL_COOKIE}=${token}; Path=/error; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The email of a refusal with this code, when the cookie is Keyway's, fresh and for the same code; else null. */
export async function refusalEmail(cookie: string | undefined, code: string, secret: string): Promise<string | null> {
  if (!cookie) return null;
  try {
    const { payload } = await jwtVerify(cookie, keyOf(secret), { audience: AUDIENCE, algorithms: ["HS256"] });
    return payload.code === code && typeof payload.email === "string" ? payload.email : null;
  } catch {
    return null;
  }
}
