// The session row the request's next-auth cookie names (its `sid`), for a server action: sign-out needs the row,
// not just the user, to end exactly this session and find its id_token.
import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { publicUrl } from "@/lib/config";
import { authSecret } from "../secret";

type TokenRequest = Parameters<typeof getToken>[0]["req"];

export async function currentSessionId(): Promise<string | null> {
  const jar = await cookies();
  // Cookies only (no Authorization header): next-auth's own reader, so chunked and __Secure- cookies are found.
  const req = { cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), headers: {} };
  const token = await getToken({
    req: req as unknown as TokenRequest,
    secret: authSecret(),
    secureCookie: publicUrl().startsWith("https://"),
  });
  return typeof token?.sid === "string" ? token.sid : null;
}
