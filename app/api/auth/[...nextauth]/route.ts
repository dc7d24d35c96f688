// next-auth's endpoints, with options built per request so a new integration works without a restart.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { healthProviderOf, refusalOfThisRequest, runSignInRequest } from "@/lib/auth/callback-state";
import { buildAuthOptions } from "@/lib/auth/options";
import { refusalCookieHeader } from "@/lib/auth/refusal-cookie";
import { authSecret } from "@/lib/auth/secret";
import { publicUrl } from "@/lib/config";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: Context) {
  const params = await context.params;
  // Why: next-auth's `_log` endpoint lets anyone write lines to the server log (and, through our logger, health);
  // Keyway's client never needs it (next-auth/react only posts there in debug builds).
  if (params.nextauth[0] === "_log") return new Response("Not found", { status: 404 });
  const healthProvider = await healthProviderOf(req, params.nextauth);
  const options = await buildAuthOptions();
  return runSignInRequest({ healthProvider }, async () => {
    const response: Response = await NextAuth(req, { params }, options);
    const refusal = refusalOfThisRequest();
    if (!refusal) return response;
    // The refusal page's email rides in a short-lived signed cookie, never in the URL.
    const headers = new Headers(response.headers);
    headers.append("set-cookie", await refusalCookieHeader(refusal.code, refusal.email, authSecret(), publicUrl().startsWith("https://")));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  });
}

export { handler as GET, handler as POST };
