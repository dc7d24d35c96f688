// The OpenAPI contract against the real server: the published document is valid OpenAPI 3.1, and every operation's
// real answers — its success and each error status it documents — match the schema it documents (JSON Schema 2020-12
// via ajv). An operation documenting a status with no scenario here fails the test, as does a scenario's answer
// that the document does not describe.
import Database from "better-sqlite3";
import { type APIRequestContext, type APIResponse, expect, request as playwrightRequest, test } from "@playwright/test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { ADMIN, APP_URL, DATABASE_URL, IDP_CLIENTS, IDP_URL } from "./support/env";
import { keywayCliRun } from "./support/servers";

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};
type Call = (api: Api) => Promise<APIResponse>;
type Api = {
  full: APIRequestContext;
  narrow: APIRequestContext;
  anonymous: APIRequestContext;
  ids: Record<string, string>;
};

const BIG = JSON.stringify({ padding: "x".repeat(70 * 1024) });
const json = (data: unknown) => ({ data });
const raw = (body: string, contentType = "application/json") => ({
  data: body,
  headers: { "content-type": contentType },
});

const integration = (registrationId: string) => ({
  provider: "custom-sso",
  registrationId,
  clientId: IDP_CLIENTS.post.clientId,
  clientSecret: IDP_CLIENTS.post.clientSecret,
  authorizationUrl: `${IDP_URL}/auth`,
  jwksUri: `${IDP_URL}/jwks`,
  tokenUri: `${IDP_URL}/token`,
  userInfoUri: `${IDP_URL}/me`,
  issuer: IDP_URL,
  clientAuthMethod: "client_secret_post",
  loginButtonText: registrationId,
});

/** A draft of `path`'s integration (its button text changed), saved through PATCH ?draft=true. */
async function makeDraft(api: Api, path: string) {
  const { integration: current } = await (await api.full.get(path)).json();
  const res = await api.full.patch(`${path}?draft=true`, json({ version: current.version, loginButtonText: "Draft" }));
  expect(res.status(), await res.text()).toBe(200);
}

async function exportDoc(api: Api) {
  const res = await api.full.get("/api/v1/config");
  return { document: await res.json(), configVersion: Number(res.headers()["keyway-config-version"]) };
}

/** Requests that make each documented answer happen, per operation ("METHOD /path" → status → call). */
function scenarios(): Record<string, Record<string, Call>> {
  const unauthenticated =
    (method: string, path: string): Call =>
    (api) =>
      api.anonymous.fetch(path, { method, ...json({}) });
  const forbidden =
    (method: string, path: string): Call =>
    (api) =>
      api.narrow.fetch(path, { method, ...json({}) });
  const tooLarge =
    (method: string, path: string): Call =>
    (api) =>
      api.full.fetch(path, { method, ...raw(BIG) });
  const wrongType =
    (method: string, path: string): Call =>
    (api) =>
      api.full.fetch(path, { method, ...raw("{}", "text/plain") });
  const guarded = (method: string, path: string) => ({
    401: unauthenticated(method, path),
    403: forbidden(method, path),
  });
  const writes = (method: string, path: string) => ({
    ...guarded(method, path),
    413: tooLarge(method, path),
    415: wrongType(method, path),
  });
  const A = "/api/v1/oauth-integrations/contract-a";
  const NONE = "/api/v1/oauth-integrations/no-such-idp";
  return {
    "GET /oauth-integrations": {
      200: (api) => api.full.get("/api/v1/oauth-integrations"),
      ...guarded("GET", "/api/v1/oauth-integrations"),
    },
    "POST /oauth-integrations": {
      201: (api) => api.full.post("/api/v1/oauth-integrations", json(integration("contract-a"))),
      400: (api) => api.full.post("/api/v1/oauth-integrations", json({ registrationId: "x" })),
      409: (api) => api.full.post("/api/v1/oauth-integrations", json(integration("contract-a"))),
      ...writes("POST", "/api/v1/oauth-integrations"),
    },
    "GET /oauth-integrations/{registrationId}": {
      200: (api) => api.full.get(A),
      404: (api) => api.full.get("/api/v1/oauth-integrations/no-such-idp"),
      ...guarded("GET", A),
    },
    "PATCH /oauth-integrations/{registrationId}": {
      200: async (api) => {
        const { integration: current } = await (await api.full.get(A)).json();
        return api.full.patch(A, json({ version: current.version, loginButtonText: "Contract A" }));
      },
      400: (api) => api.full.patch(A, json({ loginButtonText: "no version" })),
      404: (api) => api.full.patch("/api/v1/oauth-integrations/no-such-idp", json({ version: 1 })),
      409: (api) => api.full.patch(A, json({ version: 1, loginButtonText: "stale" })),
      ...writes("PATCH", A),
    },
    "DELETE /oauth-integrations/{registrationId}": {
      200: async (api) => {
        await api.full.post("/api/v1/oauth-integrations", json(integration("contract-del")));
        return api.full.delete("/api/v1/oauth-integrations/contract-del", json({ confirmation: "contract-del" }));
      },
      400: (api) => api.full.delete(A, json({ confirmation: "not-it" })),
      404: (api) => api.full.delete("/api/v1/oauth-integrations/no-such-idp", json({ confirmation: "no-such-idp" })),
      ...writes("DELETE", A),
    },
    "POST /oauth-integrations/{registrationId}/check": {
      200: (api) => api.full.post(`${A}/check`, json({})),
      400: (api) => api.full.post(`${A}/check`, raw('"not an object"')),
      404: (api) => api.full.post("/api/v1/oauth-integrations/no-such-idp/check", json({})),
      ...writes("POST", `${A}/check`),
    },
    "GET /oauth-integrations/{registrationId}/draft": {
      200: async (api) => {
        await makeDraft(api, A);
        return api.full.get(`${A}/draft`);
      },
      404: (api) => api.full.get(`${NONE}/draft`),
      ...guarded("GET", `${A}/draft`),
    },
    "DELETE /oauth-integrations/{registrationId}/draft": {
      200: async (api) => {
        await makeDraft(api, A);
        return api.full.delete(`${A}/draft`, json({}));
      },
      400: (api) => api.full.delete(`${A}/draft`, raw('"not an object"')),
      404: (api) => api.full.delete(`${NONE}/draft`, json({})),
      ...writes("DELETE", `${A}/draft`),
    },
    "POST /oauth-integrations/{registrationId}/draft/promote": {
      200: async (api) => {
        await makeDraft(api, A);
        return api.full.post(`${A}/draft/promote`, json({}));
      },
      400: (api) => api.full.post(`${A}/draft/promote`, json({ version: "one" })),
      404: (api) => api.full.post(`${NONE}/draft/promote`, json({})),
      409: (api) => api.full.post(`${A}/draft/promote`, json({})),
      ...writes("POST", `${A}/draft/promote`),
    },
    "POST /oauth-integrations/{registrationId}/rollback": {
      200: (api) => api.full.post(`${A}/rollback`, json({})),
      400: (api) => api.full.post(`${A}/rollback`, json({ toVersion: "earlier" })),
      404: (api) => api.full.post(`${NONE}/rollback`, json({})),
      409: async (api) => {
        await api.full.post("/api/v1/oauth-integrations", json(integration("contract-b")));
        return api.full.post("/api/v1/oauth-integrations/contract-b/rollback", json({}));
      },
      ...writes("POST", `${A}/rollback`),
    },
    "POST /oauth-integrations/{registrationId}/promote-secret": {
      200: async (api) => {
        const { integration: current } = await (await api.full.get(A)).json();
        const next = await api.full.patch(
          A,
          json({ version: current.version, nextClientSecret: "kQ7vR2mX9pL4sT8wZ3nB6cY1" }),
        );
        expect(next.status(), await next.text()).toBe(200);
        return api.full.post(`${A}/promote-secret`, json({}));
      },
      400: (api) => api.full.post(`${A}/promote-secret`, json({ version: "one" })),
      404: (api) => api.full.post(`${NONE}/promote-secret`, json({})),
      409: (api) => api.full.post(`${A}/promote-secret`, json({})),
      ...writes("POST", `${A}/promote-secret`),
    },
    "POST /oauth-integrations/{registrationId}/scim": {
      200: (api) => api.full.post(`${A}/scim`, json({})),
      400: (api) => api.full.post(`${A}/scim`, raw('"not an object"')),
      404: (api) => api.full.post(`${NONE}/scim`, json({})),
      ...writes("POST", `${A}/scim`),
    },
    "PATCH /oauth-integrations/{registrationId}/scim": {
      200: async (api) => {
        expect((await api.full.post(`${A}/scim`, json({}))).status()).toBe(200);
        return api.full.patch(`${A}/scim`, json({ allowEmailChange: true }));
      },
      400: (api) => api.full.patch(`${A}/scim`, json({ allowEmailChange: "yes" })),
      404: (api) => api.full.patch(`${NONE}/scim`, json({ allowEmailChange: true })),
      // Provisioning is off on a new integration: there is nothing to allow yet.
      409: async (api) => {
        await api.full.post("/api/v1/oauth-integrations", json(integration("contract-c")));
        return api.full.patch("/api/v1/oauth-integrations/contract-c/scim", json({ allowEmailChange: true }));
      },
      ...writes("PATCH", `${A}/scim`),
    },
    "DELETE /oauth-integrations/{registrationId}/scim": {
      200: (api) => api.full.delete(`${A}/scim`),
      404: (api) => api.full.delete(`${NONE}/scim`),
      401: (api) => api.anonymous.delete(`${A}/scim`),
      403: (api) => api.narrow.delete(`${A}/scim`),
    },
    "GET /users": { 200: (api) => api.full.get("/api/v1/users"), ...guarded("GET", "/api/v1/users") },
    "POST /users": {
      201: (api) =>
        api.full.post("/api/v1/users", json({ email: "contract@e2e.test", name: "Contract", role: "GUEST" })),
      400: (api) => api.full.post("/api/v1/users", json({ email: "not-an-email" })),
      409: (api) => api.full.post("/api/v1/users", json({ email: "contract@e2e.test", name: "Again", role: "GUEST" })),
      ...writes("POST", "/api/v1/users"),
    },
    "PATCH /users/{id}": {
      200: (api) => api.full.patch(`/api/v1/users/${api.ids.contract}`, json({ name: "Contract User" })),
      400: (api) => api.full.patch(`/api/v1/users/${api.ids.contract}`, json({})),
      404: (api) => api.full.patch("/api/v1/users/no-such-user", json({ name: "Nobody" })),
      409: (api) => api.full.patch(`/api/v1/users/${api.ids.admin}`, json({ disabled: true })),
      ...writes("PATCH", "/api/v1/users/x"),
    },
    "DELETE /users/{id}/links/{linkId}": {
      200: (api) => api.full.delete(`/api/v1/users/${api.ids.contract}/links/${api.ids.link}`),
      404: (api) => api.full.delete(`/api/v1/users/${api.ids.contract}/links/no-such-link`),
      401: (api) => api.anonymous.delete(`/api/v1/users/${api.ids.contract}/links/x`),
      403: (api) => api.narrow.delete(`/api/v1/users/${api.ids.contract}/links/x`),
    },
    "POST /users/{id}/anonymise": {
      200: async (api) => {
        const made = await api.full.post(
          "/api/v1/users",
          json({ email: "anon@e2e.test", name: "Anon", role: "GUEST" }),
        );
        expect(made.status(), await made.text()).toBe(201);
        const { users } = await (await api.full.get("/api/v1/users")).json();
        const id = users.find((u: { email: string }) => u.email === "anon@e2e.test").id;
        expect((await api.full.patch(`/api/v1/users/${id}`, json({ disabled: true }))).status()).toBe(200);
        return api.full.post(`/api/v1/users/${id}/anonymise`, json({}));
      },
      400: (api) => api.full.post(`/api/v1/users/${api.ids.contract}/anonymise`, raw('"not an object"')),
      404: (api) => api.full.post("/api/v1/users/no-such-user/anonymise", json({})),
      // Still enabled: anonymising is only for an account that is already disabled.
      409: (api) => api.full.post(`/api/v1/users/${api.ids.contract}/anonymise`, json({})),
      ...writes("POST", `/api/v1/users/x/anonymise`),
    },
    "GET /sign-in-policy": {
      200: (api) => api.full.get("/api/v1/sign-in-policy"),
      ...guarded("GET", "/api/v1/sign-in-policy"),
    },
    "PUT /sign-in-policy": {
      200: (api) => api.full.put("/api/v1/sign-in-policy", json({ requireSso: false, breakGlassUserIds: [] })),
      400: (api) => api.full.put("/api/v1/sign-in-policy", json({ requireSso: true, breakGlassUserIds: [] })),
      ...writes("PUT", "/api/v1/sign-in-policy"),
    },
    "GET /config": { 200: (api) => api.full.get("/api/v1/config"), ...guarded("GET", "/api/v1/config") },
    "POST /config/plan": {
      200: async (api) => api.full.post("/api/v1/config/plan", json((await exportDoc(api)).document)),
      422: (api) => api.full.post("/api/v1/config/plan", json({ apiVersion: "keyway/v0", integrations: [{}] })),
      ...writes("POST", "/api/v1/config/plan"),
    },
    "POST /config/apply": {
      200: async (api) => {
        const { document, configVersion } = await exportDoc(api);
        const a = document.integrations.find((i: { registrationId: string }) => i.registrationId === "contract-a");
        Object.assign(a, { loginButtonText: "Contract A (applied)", clientSecret: IDP_CLIENTS.post.clientSecret });
        for (const i of document.integrations) if (i !== a) i.clientSecret = { fromEnv: "KEEP" };
        return api.full.post("/api/v1/config/apply", json({ configVersion, document }));
      },
      409: async (api) => {
        const { document, configVersion } = await exportDoc(api);
        return api.full.post("/api/v1/config/apply", json({ configVersion: configVersion - 1, document }));
      },
      422: (api) => api.full.post("/api/v1/config/apply", json({ configVersion: 0, document: { integrations: 1 } })),
      ...writes("POST", "/api/v1/config/apply"),
    },
    "GET /openapi.json": { 200: (api) => api.anonymous.get("/api/v1/openapi.json") },
  };
}

async function mintToken(name: string, authorities: string[]) {
  const flags = authorities.flatMap((a) => ["--authority", a]);
  const res = await keywayCliRun(["token:create", "--email", ADMIN.email, "--name", name, ...flags]);
  expect(res.status, res.stderr).toBe(0);
  return res.stdout.trim();
}

test("every operation's real answers — success and each documented error — match the published OpenAPI document", async () => {
  test.setTimeout(180_000);
  const anonymous = await playwrightRequest.newContext({ baseURL: APP_URL });
  const published = await anonymous.get("/api/v1/openapi.json");
  expect(published.status()).toBe(200);
  const doc = (await published.json()) as Doc;
  const validator = new Validator();
  const checked = await validator.validate(structuredClone(doc));
  expect(checked.valid, JSON.stringify(checked.errors)).toBe(true);
  const resolved = validator.resolveRefs() as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  const everything = ["OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "USER_READ", "USER_WRITE", "AUDIT_READ"];
  const bearer = (token: string) =>
    playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const api: Api = {
    full: await bearer(await mintToken("contract-full", everything)),
    narrow: await bearer(await mintToken("contract-narrow", ["AUDIT_READ"])),
    anonymous,
    ids: {},
  };
  const table = scenarios();
  const documented = Object.entries(resolved.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
  expect(Object.keys(table).sort()).toEqual(documented.map((d) => d.key).sort());

  // Order matters only where a scenario needs data an earlier one made (integration contract-a, user contract).
  for (const { key, op } of documented) {
    const statuses = Object.keys(op.responses).filter((s) => s !== "default");
    expect(Object.keys(table[key]).sort(), `${key}: a scenario for each documented status`).toEqual(statuses.sort());
    for (const status of statuses.sort()) {
      await test.step(`${key} → ${status}`, async () => {
        if (key === "PATCH /users/{id}" || key.startsWith("DELETE /users")) await prepareUsers(api);
        const res = await table[key][status](api);
        const text = await res.text();
        expect(res.status(), `${key} ${text.slice(0, 300)}`).toBe(Number(status));
        const schema = op.responses[status].content?.["application/json"]?.schema;
        expect(schema, `${key} ${status} documents a JSON body`).toBeTruthy();
        const validate = ajv.compile(schema!);
        expect(validate(JSON.parse(text)), `${key} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
        if (status === "401") expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
      });
    }
  }
  const unknown = await api.full.get("/api/v1/no-such-route");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("NOT_FOUND");
  for (const context of [api.full, api.narrow, anonymous]) await context.dispose();
});

/** The user and SSO link the user scenarios act on (a link is made in the database: signing in is not under test). */
async function prepareUsers(api: Api) {
  if (api.ids.link) return;
  const { users } = await (await api.full.get("/api/v1/users")).json();
  api.ids.admin = users.find((u: { email: string }) => u.email === ADMIN.email).id;
  api.ids.contract = users.find((u: { email: string }) => u.email === "contract@e2e.test").id;
  const db = new Database(DATABASE_URL.replace(/^file:/, ""));
  try {
    api.ids.link = "contract-link";
    db.prepare(
      `INSERT INTO "Account" ("id", "userId", "provider", "issuer", "providerAccountId", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      api.ids.link,
      api.ids.contract,
      "contract-a",
      IDP_URL,
      "contract-sub",
      new Date().toISOString().replace("Z", "+00:00"),
    );
  } finally {
    db.close();
  }
}
