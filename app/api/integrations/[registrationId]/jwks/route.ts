// GET /api/integrations/<Registration ID>/jwks: the public keys an integration using Private key JWT signs its client
// assertions with (current, next and previous), for the IdP to fetch. Public by design: it holds no private key.
import { publicJwk } from "@/lib/integrations/client-keys/certificate";
import { publishedClientKeys } from "@/lib/integrations/client-keys/keys";

export const dynamic = "force-dynamic";

/** Short: a promoted or added key must reach IdPs that honour the cache headers within minutes. */
const MAX_AGE_S = 300;

export async function GET(_request: Request, { params }: { params: Promise<{ registrationId: string }> }) {
  const { registrationId } = await params;
  const keys = registrationId.length <= 40 ? await publishedClientKeys(registrationId) : null;
  if (!keys) {
    return Response.json(
      { error: "not_found", error_description: "No integration using Private key JWT has this Registration ID." },
      { status: 404, headers: { "cache-control": "no-store" } },
    );
  }
  return Response.json(
    { keys: keys.map((key) => publicJwk(key.certificatePem)) },
    { headers: { "cache-control": `public, max-age=${MAX_AGE_S}` } },
  );
}
