// next-auth's endpoints, with options built per request so a new integration works without a restart.
import NextAuth from "next-auth";
import { type NextRequest, NextResponse } from "next/server";
import { publicUrl } from "@/lib/config";
import { refuseUnavailableIntegration } from "@/lib/auth/disabled-integration";
import { buildAuthOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: Context) {
  const params = await context.params;
  // A disabled or deleted integration gets Keyway's clear refusal page, not next-auth's generic one.
  const refusal = await refuseUnavailableIntegration(params.nextauth);
  if (refusal) return NextResponse.redirect(new URL(refusal, publicUrl()), 303);
  return NextAuth(req, { params }, await buildAuthOptions());
}

export { handler as GET, handler as POST };
