// next-auth's endpoints, with options built per request so a new integration works without a restart.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { disabledIntegrationRefusal } from "@/lib/auth/disabled-integration";
import { buildAuthOptions } from "@/lib/auth/options";
import { capturedSignInFailure, rewriteGenericError, withSignInFailureCapture } from "@/lib/auth/sign-in-failure";

type Context = { params: Promise<{ nextauth: string[] }> };

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

export { handler as GET, handler as POST };
