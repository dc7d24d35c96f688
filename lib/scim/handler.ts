// One SCIM request → one answer: authenticate the integration's token, bound and parse the body, route to the
// resource, answer application/scim+json (errors in SCIM's format), and count the outcome for Settings.
import "server-only";
import { failure } from "@/lib/authz/action";
import { type Db, db as defaultDb } from "@/lib/db";
import { MAX_JSON_BODY_BYTES, readBoundedText } from "@/lib/http/body-limit";
import { clientAddress } from "@/lib/http/client-address";
import { type ScimActivityKind, recordScimActivity } from "./activity";
import { discoveryResource, serviceProviderConfig } from "./discovery";
import { SCIM_MEDIA_TYPE, ScimError, notFound, scimErrorBody } from "./errors";
import { groupLookup, paging, userLookup } from "./filter";
import { changeScimGroup, createScimGroup, deleteScimGroup, getScimGroup, listScimGroups } from "./groups";
import { groupPatchChanges, userPatchChanges } from "./patch";
import { authenticateScim, type ScimCaller, scimBaseUrl } from "./token";
import {
  changeScimUser,
  createScimUser,
  deleteScimUser,
  getScimUser,
  listScimUsers,
  userResourceFields,
} from "./users";

type Options = { db?: Db; baseUrl?: string };
type Answer = { status: number; body?: unknown; location?: string; kind: ScimActivityKind };

export function scimResponse(status: number, body?: unknown, extra: Record<string, string> = {}): Response {
  if (body === undefined) return new Response(null, { status, headers: extra });
  return new Response(JSON.stringify(body), { status, headers: { "content-type": SCIM_MEDIA_TYPE, ...extra } });
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (!type.startsWith(SCIM_MEDIA_TYPE) && !type.startsWith("application/json")) {
    throw new ScimError(415, `Send ${SCIM_MEDIA_TYPE} (or application/json).`);
  }
  const read = await readBoundedText(request, MAX_JSON_BODY_BYTES);
  if (!read.ok) {
    throw read.status === 413
      ? new ScimError(413, "The request body is too large.")
      : new ScimError(400, "The request body could not be read.", "invalidSyntax");
  }
  try {
    return JSON.parse(read.text);
  } catch {
    throw new ScimError(400, "The request body is not JSON.", "invalidSyntax");
  }
}

const withMembers = (params: URLSearchParams) =>
  !(params.get("excludedAttributes") ?? "")
    .toLowerCase()
    .split(",")
    .map((s) => s.trim())
    .includes("members");

async function route(
  request: Request,
  segments: string[],
  caller: ScimCaller,
  ctx: Parameters<typeof getScimUser>[1],
): Promise<Answer> {
  const method = request.method.toUpperCase();
  const params = new URL(request.url).searchParams;
  const [resource, id, ...rest] = segments;
  if (rest.length > 0) throw notFound("Endpoint");
  switch (resource) {
    case "ServiceProviderConfig":
      if (method !== "GET" || id) break;
      return { status: 200, body: serviceProviderConfig(ctx.baseUrl), kind: "read" };
    case "ResourceTypes":
    case "Schemas": {
      if (method !== "GET") break;
      const body = discoveryResource(resource, id, ctx.baseUrl);
      if (!body) throw notFound(resource === "Schemas" ? "Schema" : "Resource type");
      return { status: 200, body, kind: "read" };
    }
    case "Users":
      if (!id && method === "GET") {
        return {
          status: 200,
          body: await listScimUsers(userLookup(params.get("filter")), paging(params), ctx),
          kind: "read",
        };
      }
      if (!id && method === "POST") {
        const body = await createScimUser(await readJson(request), ctx);
        return { status: 201, body, location: body.meta.location, kind: "created" };
      }
      if (!id) break;
      if (method === "GET") return { status: 200, body: await getScimUser(id, ctx), kind: "read" };
      if (method === "PUT") {
        const { email, ...fields } = userResourceFields(await readJson(request));
        const body = await changeScimUser(id, { ...fields, ...(email ? { email } : {}) }, ctx);
        return { status: 200, body, kind: body.active ? "updated" : "deactivated" };
      }
      if (method === "PATCH") {
        const changes = userPatchChanges(await readJson(request));
        const body = await changeScimUser(id, changes, ctx);
        return { status: 200, body, kind: changes.active === false ? "deactivated" : "updated" };
      }
      if (method === "DELETE") {
        await deleteScimUser(id, ctx);
        return { status: 204, kind: "deleted" };
      }
      break;
    case "Groups":
      if (!id && method === "GET") {
        const body = await listScimGroups(groupLookup(params.get("filter")), paging(params), withMembers(params), ctx);
        return { status: 200, body, kind: "read" };
      }
      if (!id && method === "POST") {
        const body = await createScimGroup(await readJson(request), ctx);
        return { status: 201, body, location: body.meta.location, kind: "group" };
      }
      if (!id) break;
      if (method === "GET")
        return { status: 200, body: await getScimGroup(id, withMembers(params), ctx), kind: "read" };
      if (method === "PATCH") {
        const body = await changeScimGroup(id, groupPatchChanges(await readJson(request)), ctx);
        return { status: 200, body, kind: "group" };
      }
      if (method === "PUT") {
        const r = (await readJson(request)) as Record<string, unknown> | null;
        const members = Array.isArray(r?.members) ? r.members : [];
        const body = await changeScimGroup(
          id,
          {
            displayName: r?.displayName as string,
            externalId: typeof r?.externalId === "string" ? r.externalId : null,
            setMembers: members.map((m) => String((m as { value?: unknown })?.value ?? "")),
            addMembers: [],
            removeMembers: [],
          },
          ctx,
        );
        return { status: 200, body, kind: "group" };
      }
      if (method === "DELETE") {
        await deleteScimGroup(id, ctx);
        return { status: 204, kind: "group" };
      }
      break;
    default:
      throw notFound("Endpoint");
  }
  throw new ScimError(405, `${method} is not supported on this endpoint.`);
}

/** What the integration schema allows as a Registration ID (lib/integrations/schema.ts). */
const REGISTRATION_ID_SHAPE = /^[a-z0-9-]{2,40}$/;

/** Handles /api/scim/v2/<registrationId>/<segments…>. */
export async function handleScimRequest(
  request: Request,
  registrationId: string,
  segments: string[],
  { db = defaultDb, baseUrl = scimBaseUrl(registrationId) }: Options = {},
): Promise<Response> {
  const receivedAt = new Date();
  // Why: no integration has another shape of Registration ID; anything else (e.g. U+0000, which PostgreSQL text
  // cannot hold) is answered before the token check writes it into the audit log.
  if (!REGISTRATION_ID_SHAPE.test(registrationId)) {
    return scimResponse(404, scimErrorBody(404, "No SCIM endpoint at this address."));
  }
  let caller: ScimCaller | null = null;
  try {
    caller = await authenticateScim(
      registrationId,
      request.headers.get("authorization"),
      clientAddress(request.headers),
      { db },
    );
    const call = { method: request.method.toUpperCase(), path: `/${segments.join("/")}`, receivedAt };
    const answer = await route(request, segments, caller, { caller, baseUrl, call, db });
    await recordScimActivity(caller.integrationId, answer.kind, answer.status, { db });
    return scimResponse(answer.status, answer.body, answer.location ? { location: answer.location } : {});
  } catch (error) {
    if (error instanceof ScimError) {
      if (caller) await recordScimActivity(caller.integrationId, "error", error.status, { db });
      const headers: Record<string, string> = error.status === 401 ? { "www-authenticate": 'Bearer realm="scim"' } : {};
      return scimResponse(error.status, scimErrorBody(error.status, error.message, error.scimType), headers);
    }
    // Anything else: Keyway's usual classification (503 when the database is down, 500 with a reference).
    const result = failure(error);
    if (caller) await recordScimActivity(caller.integrationId, "error", result.status, { db });
    return scimResponse(result.status, scimErrorBody(result.status, result.error));
  }
}
