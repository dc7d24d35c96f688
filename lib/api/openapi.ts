// The OpenAPI 3.1 document of /api/v1, generated (never written by hand) from the operations the route handlers run
// with (lib/api/v1/) and their zod schemas, through zod 4's JSON Schema output (draft 2020-12, OpenAPI 3.1's).
import { z } from "zod";
import { errorEnvelopeSchema } from "./errors";
import type { ErrorStatus, Operation } from "./operation";
import { OPERATIONS } from "./v1";

const ERROR_MEANINGS: Record<ErrorStatus, string> = {
  400: "VALIDATION_FAILED (fields name each problem) or BAD_REQUEST",
  401: "UNAUTHENTICATED (no credentials) or INVALID_TOKEN (a wrong, expired or revoked token)",
  403: "FORBIDDEN: the caller (or the token) lacks the authority, or a rule refuses the change",
  404: "NOT_FOUND",
  409: "CONFLICT, STALE_WRITE or STALE_CONFIG: the state changed; read again",
  413: "PAYLOAD_TOO_LARGE (64 KB)",
  415: "UNSUPPORTED_MEDIA_TYPE: send application/json",
  422: "INVALID_DOCUMENT (fields: every problem with its path) or LAST_WAY_IN",
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const errorContent = { "application/json": { schema: ref("ErrorEnvelope") } };

/** JSON Schemas of a registry, as OpenAPI components: Dates are ISO strings on the wire. */
function componentSchemas(registry: z.core.$ZodRegistry<{ id: string }>, io: "input" | "output") {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
    override: (ctx) => {
      if ((ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date-time";
      }
    },
  });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

const hasBody = (op: Operation) => !!op.body && op.bodyFrom !== "path";

function operationObject(op: Operation) {
  const parameters = [...op.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const responses: Record<string, object> = {
    [op.status]: {
      description: op.summary,
      ...(op.responseHeaders
        ? {
            headers: Object.fromEntries(
              Object.entries(op.responseHeaders).map(([name, description]) => [
                name,
                { description, schema: { type: "string" } },
              ]),
            ),
          }
        : {}),
      content: { "application/json": { schema: ref(`${op.operationId}Response`) } },
    },
  };
  for (const status of op.errors) {
    responses[status] = {
      description: ERROR_MEANINGS[status],
      ...(status === 401
        ? {
            headers: {
              "WWW-Authenticate": {
                description: 'Bearer error="invalid_token" for a refused token',
                schema: { type: "string" },
              },
            },
          }
        : {}),
      content: errorContent,
    };
  }
  responses.default = {
    description: "Any other error: 429 TOO_MANY_REQUESTS (Retry-After), 503 DATABASE_UNAVAILABLE, 500 INTERNAL",
    content: errorContent,
  };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, op.authority ? `Needs the ${op.authority} authority.` : "Public."]
      .filter(Boolean)
      .join(" "),
    security: op.authority ? [{ bearer: [] }, { session: [] }] : [],
    ...(parameters.length ? { parameters } : {}),
    ...(hasBody(op)
      ? {
          requestBody: { required: true, content: { "application/json": { schema: ref(`${op.operationId}Request`) } } },
        }
      : {}),
    responses,
    "x-keyway-authority": op.authority,
  };
}

export function buildOpenApiDocument(operations: readonly Operation[] = OPERATIONS) {
  const requests = z.registry<{ id: string }>();
  const answers = z.registry<{ id: string }>();
  for (const op of operations) {
    if (hasBody(op)) requests.add(op.body!(), { id: `${op.operationId}Request` });
    answers.add(op.response, { id: `${op.operationId}Response` });
  }
  answers.add(errorEnvelopeSchema, { id: "ErrorEnvelope" });
  const paths: Record<string, Record<string, object>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Keyway API",
      version: "1",
      description:
        "Keyway's JSON API. Authenticate with an API token (`Authorization: Bearer kw_…`, Settings > API tokens) or a " +
        'signed-in session. Every error answers the one envelope `{"error":{"code","message","fields"?}}`.',
    },
    servers: [{ url: "/api/v1" }],
    paths,
    components: {
      schemas: { ...componentSchemas(requests, "input"), ...componentSchemas(answers, "output") },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "kw_ followed by 43 base62 characters",
          description:
            "An API token from Settings > API tokens (or `npm run keyway -- token:create`): it may do what its " +
            "authorities allow and its owner still holds. No CSRF token, no cookie.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "A signed-in browser session (`__Secure-next-auth.session-token` over https).",
        },
      },
    },
  };
}
