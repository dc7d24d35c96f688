// Groups the test IdP asserts per subject (the `groups` scope), set by the tests through PUT /__test/groups, so a test
// can add someone to a group or remove them between two sign-ins of the same identity. `overage: true` answers as
// Microsoft Entra does past 200 groups: no `groups` claim, `_claim_names.groups` pointing at a claim source instead.
import type { KoaContextWithOIDC } from "oidc-provider";
import { readRawBody } from "./request-body";

export const GROUPS_PATH = "/__test/groups";
const BODY_LIMIT = 16 * 1024;

type Assigned = string[] | "overage";
const assigned = new Map<string, Assigned>();

/** The group claims of a subject (empty when the tests assigned nothing). */
export function groupClaims(sub: string): Record<string, unknown> {
  const groups = assigned.get(sub);
  if (groups === undefined) return {};
  if (groups === "overage")
    return {
      _claim_names: { groups: "src1" },
      _claim_sources: { src1: { endpoint: "https://graph.microsoft.com/v1.0/users/x/getMemberObjects" } },
    };
  return { groups };
}

/** PUT `{ sub, groups: [..] }` or `{ sub, overage: true }`; DELETE forgets every assignment; GET lists them. */
export async function groupsApi(ctx: KoaContextWithOIDC): Promise<void> {
  if (ctx.method === "DELETE") {
    assigned.clear();
    ctx.status = 204;
    return;
  }
  if (ctx.method === "PUT") {
    let body: { sub?: unknown; groups?: unknown; overage?: unknown } = {};
    try {
      body = JSON.parse((await readRawBody(ctx.req, BODY_LIMIT)).toString("utf8")) ?? {};
    } catch (error) {
      if ((error as { status?: number }).status === 413) throw error;
    }
    const groups = Array.isArray(body.groups) ? body.groups.filter((g): g is string => typeof g === "string") : null;
    if (typeof body.sub !== "string" || (!groups && body.overage !== true)) {
      ctx.status = 400;
      ctx.body = { error: "send { sub, groups: string[] } or { sub, overage: true }" };
      return;
    }
    assigned.set(body.sub.toLowerCase(), body.overage === true ? "overage" : groups!);
  } else if (ctx.method !== "GET") {
    ctx.set("Allow", "GET, PUT, DELETE");
    ctx.status = 405;
    return;
  }
  ctx.body = Object.fromEntries(assigned);
}
