// Deprecated (kept for one release): the separate Test sign-in callback of earlier releases. Test sign-in now comes
// back through the integration's own Redirect URI (app/api/auth/[...nextauth]/route.ts); this URL only completes a
// test that was begun before the upgrade, with the same verification and decision.
import type { NextRequest } from "next/server";
import { completeTestSignIn, pendingTestSignIn } from "@/lib/integrations/test-sign-in/callback";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  return completeTestSignIn(request, pendingTestSignIn(request, null));
}
