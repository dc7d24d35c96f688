// SCIM 2.0 (RFC 7644) for one integration: /api/scim/v2/<Registration ID>/{ServiceProviderConfig, ResourceTypes,
// Schemas, Users, Groups}. Authenticated by the integration's own SCIM token (lib/scim/token.ts), never by a session.
import { handleScimRequest } from "@/lib/scim/handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ registrationId: string; path?: string[] }> };

async function handle(request: Request, { params }: Context) {
  const { registrationId, path = [] } = await params;
  return handleScimRequest(request, registrationId, path);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
