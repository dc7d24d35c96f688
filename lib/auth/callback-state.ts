// Which /api/auth requests may write an integration's health (issue 6, finding 7): only a callback that carries
// this browser's state cookie, as Keyway issued it when the sign-in started. A hand-made GET of the callback URL
// (no cookies) or a forged cookie records nothing, so nobody can mark an integration Failing from outside.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { decode } from "next-auth/jwt";
import { authSecret } from "./secret";
import type { SignInErrorCode } from "./sign-in-errors";

/** `healthProvider`: asked only when something is to be recorded (it decrypts the state cookie, ~0.4 ms). */
type SignInRequest = {
  healthProvider: () => Promise<string | null>;
  refusal?: { code: SignInErrorCode; email: string };
};
const current = new AsyncLocalStorage<SignInRequest>();

const STATE_COOKIES = ["__Secure-next-auth.state", "next-auth.state"];

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** The Registration ID whose health this request may record, or null. */
export async function healthProviderOf(request: Request, route: readonly string[]): Promise<string | null> {
  if (route[0] !== "callback" || !route[1] || route[1] === "credentials") return null;
  const header = request.headers.get("cookie");
  for (const name of STATE_COOKIES) {
    const token = cookieValue(header, name);
    if (!token) continue;
    try {
      // next-auth v4 encrypts check cookies with the secret, salted with the cookie's name.
      const payload = await decode({ token: decodeURIComponent(token), secret: authSecret(), salt: name });
      if (payload && typeof payload.value === "string") return route[1];
    } catch {
      // Not a cookie Keyway issued.
    }
  }
  return null;
}

/** `healthProviderOf` for this request, worked out at most once and only if asked (a success never asks). */
export function lazyHealthProvider(request: Request, route: readonly string[]): () => Promise<string | null> {
  let answer: Promise<string | null> | undefined;
  return () => (answer ??= healthProviderOf(request, route));
}

export function runSignInRequest<T>(context: SignInRequest, fn: () => Promise<T>): Promise<T> {
  return current.run(context, fn);
}

/** True when the request being handled may record a failure for `registrationId`. */
export async function mayRecordHealth(registrationId: string): Promise<boolean> {
  const store = current.getStore();
  return !!store && (await store.healthProvider()) === registrationId;
}

/** Remembers a refusal's email for the refusal page (the route handler sets it as a signed cookie). */
export function noteRefusal(code: SignInErrorCode, email: string | null | undefined): void {
  const store = current.getStore();
  if (store && email) store.refusal = { code, email };
}

export function refusalOfThisRequest(): SignInRequest["refusal"] {
  return current.getStore()?.refusal;
}
