// Runs before every page (not the API: see `config`): a fresh CSP nonce per request, which Next puts on its own
// scripts during server rendering (pages render dynamically, see app/layout.tsx), and no-store for pages that
// show who is signed in.
import { NextResponse, type NextRequest } from "next/server";
import { databaseAnswers } from "@/lib/db/health";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

// Static, self-contained: no script, no stack trace, no detail about the database.
const UNAVAILABLE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable · Keyway</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.25rem">Keyway is temporarily unavailable</h1>
<p role="alert">Keyway cannot reach its database right now. Try again in a moment; this page recovers by itself.</p>
</body></html>`;

export async function proxy(request: NextRequest) {
  if (!(await databaseAnswers())) {
    return new NextResponse(UNAVAILABLE_PAGE, {
      status: 503,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "retry-after": "5",
        "cache-control": "no-store",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      },
    });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("cache-control", "no-store");
  return response;
}

export const config = {
  matcher: [
    {
      // Not /api (no HTML there, and a proxy would clone request bodies), not static files, not prefetches.
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
        // Server action posts carry no HTML to protect and their bodies must not be cloned by the proxy.
        { type: "header", key: "next-action" },
      ],
    },
  ],
};
