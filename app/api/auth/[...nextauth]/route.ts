// next-auth's endpoints, with options built per request so a new integration works without a restart.
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { disabledIntegrationRefusal } from "@/lib/auth/disabled-integration";
import { buildAuthOptions } from "@/lib/auth/options";
import { capturedSignInFailure, rewriteGenericError, withSignInFailureCapture } from "@/lib/auth/sign-in-failure";
import { readBoundedText } from "@/lib/http/body-limit";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's forms (sign-in, credentials, sign-out) are a few hundred bytes; anyone signed out can POST here.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

async function handler(req: NextRequest, context: Context) {
  const params = await context.params;
  // A disabled or deleted integration gets Keyway's clear refusal page, not next-auth's generic one.
  const refused = await disabledIntegrationRefusal(params.nextauth, req.method);
  if (refused) return refused;
  // Users see the named code of what failed, never next-auth's generic OAuthCallback page.
  return withSignInFailureCapture(async () =>
    rewriteGenericError(await NextAuth(req, { params }, await buildAuthOptions(params.nextauth ?? [])), capturedSignInFailure()),
  );
}

async function post(req: NextRequest, context: Context) {
  // Bounded before next-auth buffers it: refused by Content-Length, else cut off while streaming.
  const read = await readBoundedText(req, MAX_AUTH_BODY_BYTES);
  if (!read.ok) {
    return Response.json({ ok: false, status: read.status, error: "The request body is too large." }, { status: read.status });
  }
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  const bounded = new NextRequest(req.url, { method: "POST", headers, body: read.text });
  return handler(bounded, context);
}

export { handler as GET, post as POST };
