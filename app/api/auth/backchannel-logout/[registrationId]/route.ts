// POST /api/auth/backchannel-logout/<Registration ID>: the IdP's back-channel logout (a server-to-server form POST
// with `logout_token`). No cookies and no CSRF token: the signed logout token is the only credential. Answers 200
// when the token holds, else 400 {"error":"invalid_request","error_description":…} as the spec asks (429 while an
// address is throttled for refused tokens); never a 500 for bad input.
import { NextResponse } from "next/server";
import { backchannelLogout, BACKCHANNEL_BODY_LIMIT_BYTES } from "@/lib/auth/logout/backchannel";
import { countFailure, retryAfter } from "@/lib/auth/throttle";
import { readBoundedText } from "@/lib/http/body-limit";
import { clientAddress } from "@/lib/http/client-address";
import { logLine } from "@/lib/log";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };
const THROTTLE = "backchannel:address";

function invalid(description: string, status = 400, headers: Record<string, string> = {}) {
  return NextResponse.json(
    { error: "invalid_request", error_description: description },
    { status, headers: { ...NO_STORE, ...headers } },
  );
}

// Ends the sessions a valid logout token names.
export async function POST(request: Request, { params }: { params: Promise<{ registrationId: string }> }) {
  const { registrationId } = await params;
  const address = clientAddress(request.headers);
  // Why: each refused token costs a signature check and maybe a JWKS refetch; an address that keeps sending
  // forgeries waits, shared through the database so every replica agrees.
  const wait = address === "unknown" ? 0 : await retryAfter(THROTTLE, address);
  if (wait > 0)
    return invalid("Too many refused logout tokens; try again later.", 429, { "retry-after": String(wait) });
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded"))
    return invalid("Send the logout_token as an application/x-www-form-urlencoded body.");
  const body = await readBoundedText(request, BACKCHANNEL_BODY_LIMIT_BYTES);
  if (!body.ok) return invalid("The request body is too large or unreadable.", body.status === 413 ? 413 : 400);
  const outcome = await backchannelLogout(registrationId, body.text);
  if (outcome.ok) return new NextResponse(null, { status: 200, headers: NO_STORE });
  console.warn(logLine`[keyway] back-channel logout refused for ${registrationId}: ${outcome.description}`);
  if (address !== "unknown") await countFailure(THROTTLE, address);
  return invalid(outcome.description);
}
