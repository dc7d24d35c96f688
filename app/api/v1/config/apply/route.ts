// Apply: a document and the configVersion its plan was made against; one transaction or nothing (409 when stale).
import { applyConfig } from "@/lib/api/v1/config";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { applyConfigChanges } from "@/lib/config-as-code/apply";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return apiWrite(request, applyConfig, (input, user) =>
    applyConfigChanges(actorOf(user), input.document, input.configVersion),
  );
}
