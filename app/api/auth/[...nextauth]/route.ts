// next-auth's endpoints, with options built per request so a new integration works without a restart.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { buildAuthOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: Context) {
  const params = await context.params;
  return NextAuth(req, { params }, await buildAuthOptions(params.nextauth ?? []));
}

export { handler as GET, handler as POST };
