// GET /api/auth/providers: next-auth's own answer, kept per loaded provider set. next-auth normalises every
// provider it is given on each request (a URL parse and a deep merge each), so with a thousand integrations every
// call cost a thousand of those; the answer only changes when the providers do (a new config version).
import "server-only";
import { NextAuth } from "./next-auth-handler";
import type { NextRequest } from "next/server";
import type { Provider } from "next-auth/providers/index";
import { buildAuthOptions } from "./options";
import { ssoProviders } from "./provider-registry";

type Listing = { body: string; headers: [string, string][] };

// Keyed by the registry's provider map (a new map per config version), then by Host: next-auth builds the URLs in
// its answer from NEXTAUTH_URL, or from the Host header when told to trust it (AUTH_TRUST_HOST).
const listings = new WeakMap<Map<string, Provider>, Map<string, Listing>>();
const MAX_HOSTS = 8;

type Context = { params: Promise<{ nextauth: string[] }> };

const askNextAuth = async (req: NextRequest, context: Context): Promise<Response> =>
  NextAuth(req, context, await buildAuthOptions(["providers"]));

/** `answer`: how next-auth is asked (tests count the calls). */
export async function providersListing(
  req: NextRequest,
  context: Context,
  answer: typeof askNextAuth = askNextAuth,
): Promise<Response> {
  const sso = await ssoProviders();
  const host = req.headers.get("host") ?? "";
  const byHost = listings.get(sso) ?? new Map<string, Listing>();
  listings.set(sso, byHost);
  let listing = byHost.get(host);
  if (!listing) {
    const response = await answer(req, context);
    // Only a plain answer is kept (it carries no cookies); anything else goes out as next-auth gave it.
    if (response.status !== 200 || response.headers.has("set-cookie")) return response;
    listing = { body: await response.text(), headers: [...response.headers] };
    if (byHost.size < MAX_HOSTS) byHost.set(host, listing);
  }
  return new Response(listing.body, { status: 200, headers: listing.headers });
}
