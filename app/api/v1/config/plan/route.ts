// Plan: the exact changes a document would make (422 with every problem of a bad one); nothing is written.
import { planConfig } from "@/lib/api/v1/config";
import { actorOf } from "@/lib/authz/current-user";
import { apiWrite } from "@/lib/authz/route";
import { planConfigChanges } from "@/lib/config-as-code/apply";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return apiWrite(request, planConfig, (document, user) => planConfigChanges(actorOf(user), document));
}
