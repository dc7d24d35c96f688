// Export of the whole sign-in configuration (lib/config-as-code/): the document; its version in a header.
import { type NextResponse } from "next/server";
import { CONFIG_VERSION_HEADER, exportConfig as exportOp } from "@/lib/api/v1/config";
import { apiRead } from "@/lib/authz/route";
import { exportConfig } from "@/lib/config-as-code/apply";

export const dynamic = "force-dynamic";

// OAUTH_INTEGRATION_WRITE: the document holds the sign-in policy and break-glass accounts (that authority's setting).
export async function GET(request: Request) {
  let version = 0;
  const response: NextResponse = await apiRead(request, exportOp, async () => {
    const exported = await exportConfig();
    version = exported.configVersion;
    return exported.document;
  });
  if (response.ok) response.headers.set(CONFIG_VERSION_HEADER, String(version));
  return response;
}
