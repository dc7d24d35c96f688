// THE FUZZ TABLE: one line per route handler method and server action (keys as app/_fuzz/entry-points.ts names
// them: "POST /api/v1/users/[id]", or the action's exported name). app/_fuzz/coverage.test.ts fails when an entry
// point has no line here, and app/fuzz.db.test.ts sends each one its share of >= 10,000 hostile inputs.
//   "GET /api/v1/things":            noInput(),                       a read without parameters
//   "GET /api/v1/things/[id]":       query({ id: idOf(...) }),        path parameters (and a random query string)
//   "POST /api/v1/things":           json(r.thing),                   a JSON body (near-valid records and garbage)
//   "PATCH /api/v1/things/[id]":     json(r.thing, { id: ... }),      both
//   "createThingAction":             action(r.thing),                 a server action's argument
import fc from "fast-check";
import { anyValue, type Fixtures, hostileString, idOf, rawBody, records } from "./arbitraries";
import { csrfPair, type FuzzEntry, type RouteInput } from "./harness";

type Params = Record<string, fc.Arbitrary<string | string[]>>;
type Options = Omit<FuzzEntry, "kind" | "input"> & {
  /** More of the request: headers, cookies (e.g. a valid CSRF pair, a forged origin). */
  extra?: fc.Arbitrary<Partial<RouteInput>>;
};
const none = fc.constant({});

const paramsOf = (params: Params = {}) => fc.record(params) as fc.Arbitrary<Record<string, string | string[]>>;
/** A random query string (sometimes none). */
const queryString = fc.option(
  fc
    .dictionary(
      fc.oneof(fc.constantFrom("code", "state", "error", "iss", "callbackUrl", "cursor"), fc.string()),
      hostileString,
      {
        maxKeys: 4,
      },
    )
    .map((q) => `?${new URLSearchParams(q)}`),
  { nil: "" },
);
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""),
);

/** A read that takes no input: a few calls (as admin, guest, no one) interleaved with the writes' data. */
export const noInput = ({ extra = none, ...options }: Options = {}): FuzzEntry => ({
  kind: "route",
  input: extra,
  runs: 20,
  ...options,
});
export const query = (params?: Params, { extra = none, ...options }: Options = {}): FuzzEntry => ({
  kind: "route",
  input: fc
    .tuple(fc.record({ params: paramsOf(params), query: queryString }), extra)
    .map(([base, more]) => ({ ...base, ...more })),
  ...options,
});
export const json = (
  record: fc.Arbitrary<unknown>,
  params?: Params,
  { extra = none, ...options }: Options = {},
): FuzzEntry => ({
  kind: "route",
  input: fc
    .tuple(fc.record({ params: paramsOf(params), body: rawBody(record), contentType }), extra)
    .map(([base, more]) => ({ ...base, ...more })),
  ...options,
});
/** A form-encoded body (next-auth's forms, Test sign-in's start). */
export const form = (
  fields: fc.Arbitrary<Record<string, string>>,
  params?: Params,
  { extra = none, ...options }: Options = {},
): FuzzEntry => ({
  kind: "route",
  input: fc
    .tuple(fc.record({ params: paramsOf(params), query: queryString }), fields, extra)
    .map(([base, f, more]) => ({
      ...base,
      body: new URLSearchParams(f).toString(),
      contentType: "application/x-www-form-urlencoded",
      ...more,
    })),
  ...options,
});
export const action = (input: fc.Arbitrary<unknown>, options: Omit<Options, "extra"> = {}): FuzzEntry => ({
  kind: "action",
  input: fc.oneof({ weight: 4, arbitrary: input }, anyValue),
  ...options,
});

export function fuzzTargets(fx: Fixtures): Record<string, FuzzEntry> {
  const r = records(fx);
  const user = idOf(fx.victimId, fx.guestId, fx.adminId);
  const integration = idOf(fx.registrationId);
  // next-auth's catch-all: its real endpoints and provider ids, or any path at all.
  const nextauth = fc.oneof(
    fc.constantFrom("providers", "csrf", "session", "signin", "signout", "error", "_log").map((s) => [s]),
    fc.tuple(
      fc.constantFrom("signin", "callback") as fc.Arbitrary<string>,
      fc.oneof(fc.constantFrom(fx.registrationId, "credentials"), hostileString),
    ),
    // Next matches a catch-all only with one or more non-empty segments.
    fc.array(
      hostileString.filter((segment) => segment.length > 0),
      { minLength: 1, maxLength: 3 },
    ),
  );
  // A catch-all's segments (one or more, non-empty, as Next matches them).
  const apiPath = fc.array(
    hostileString.filter((segment) => segment.length > 0),
    { minLength: 1, maxLength: 3 },
  );
  const csrf = csrfPair();
  const nextauthForm = fc.record(
    {
      csrfToken: fc.oneof(fc.constant(csrf.token), hostileString),
      email: r.email,
      password: hostileString,
      callbackUrl: fc.oneof(fc.constantFrom("/", "https://evil.test/", "//evil.test"), hostileString),
      json: fc.constant("true"),
    },
    { requiredKeys: [] },
  );
  const withCsrfCookie = fc.option(fc.constant({ cookies: { "next-auth.csrf-token": csrf.cookie } }), { nil: {} });
  const origin = fc.option(
    fc.constantFrom(fx.origin, "https://evil.test", "null").map((o) => ({ headers: { origin: o } })),
    { nil: {} },
  );
  const anyCookie = fc.option(
    fc
      .dictionary(fc.constantFrom("keyway.test-sign-in", "keyway.test-sign-in-result", "x"), hostileString, {
        maxKeys: 2,
      })
      .map((cookies) => ({
        cookies: Object.fromEntries(Object.entries(cookies).map(([k, v]) => [k, encodeURIComponent(v)])),
      })),
    { nil: {} },
  );
  // A scraper's Authorization header: the right bearer token, a wrong one, or anything at all.
  const bearer = fc.option(
    fc
      .oneof(
        fc.constant(`Bearer ${fx.metricsToken}`),
        hostileString.map((s) => `Bearer ${s}`),
        hostileString.map((s) => `Bearer ${fx.metricsToken}${s}`),
        hostileString,
      )
      .filter((value) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value)) // what an HTTP header can carry
      .map((authorization) => ({ headers: { authorization } })),
    { nil: {} },
  );
  // Staged rollout and rotation writes: the integration, the version read, a kept version to roll back to.
  const rollout = fc.record(
    {
      registrationId: fc.oneof(fc.constant(fx.registrationId), hostileString, anyValue),
      version: fc.oneof(fc.integer({ min: 0, max: 5 }), anyValue),
      toVersion: fc.oneof(fc.integer({ min: 0, max: 5 }), anyValue),
    },
    { requiredKeys: [] },
  );
  const scimSettings = fc.record(
    {
      registrationId: fc.oneof(fc.constant(fx.registrationId), hostileString, anyValue),
      allowEmailChange: fc.oneof(fc.boolean(), anyValue),
    },
    { requiredKeys: [] },
  );
  const groupMappings = fc.record(
    {
      registrationId: fc.oneof(fc.constant(fx.registrationId), hostileString, anyValue),
      mappings: fc.oneof(
        fc.array(
          fc.record(
            {
              group: fc.oneof(hostileString, anyValue),
              authorities: fc.oneof(
                fc.array(fc.oneof(fc.constantFrom("AUDIT_READ", "USER_WRITE"), anyValue)),
                anyValue,
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        ),
        anyValue,
      ),
    },
    { requiredKeys: [] },
  );
  const draftEdit = fc
    .tuple(
      r.integration,
      fc.record(
        {
          editingDraft: fc.oneof(fc.boolean(), anyValue),
          nextClientSecret: fc.oneof(fc.constant(""), hostileString),
          removeNextClientSecret: fc.oneof(fc.boolean(), anyValue),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([values, more]) => (values && typeof values === "object" ? { ...values, ...more } : values));
  // SCIM 2.0 (RFC 7644): a resource path under the base URL, and the IdP's bearer token (wrong or garbage here).
  const scimPath = fc.oneof(
    fc.constantFrom<string[]>(
      [],
      ["Users"],
      ["Groups"],
      ["ServiceProviderConfig"],
      ["ResourceTypes"],
      ["Schemas"],
      ["Users", fx.victimId],
    ),
    fc.tuple(fc.constantFrom("Users", "Groups"), hostileString).map((p) => [...p]),
    fc.array(hostileString, { maxLength: 3 }),
  );
  const scimBearer = fc.option(
    fc
      .oneof(
        hostileString.map((s) => `Bearer ${s}`),
        hostileString,
      )
      .filter((value) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value))
      .map((authorization) => ({ headers: { authorization } })),
    { nil: {} },
  );
  const scim = { extra: scimBearer, recordsRefusals: true };
  const scimParams = { registrationId: integration, path: scimPath };
  return {
    // ---- /api/v1 ----
    "GET /api/v1/users": noInput(),
    "POST /api/v1/users": json(r.user),
    "PATCH /api/v1/users/[id]": json(r.user, { id: user }),
    "DELETE /api/v1/users/[id]/links/[linkId]": json(anyValue, { id: user, linkId: idOf(fx.linkId) }),
    "POST /api/v1/users/[id]/anonymise": json(anyValue, { id: user }),
    "GET /api/v1/oauth-integrations": noInput(),
    "POST /api/v1/oauth-integrations": json(r.integration),
    "GET /api/v1/oauth-integrations/[registrationId]": query({ registrationId: integration }),
    "PATCH /api/v1/oauth-integrations/[registrationId]": json(r.integration, { registrationId: integration }),
    "DELETE /api/v1/oauth-integrations/[registrationId]": json(r.integration, { registrationId: integration }),
    "POST /api/v1/oauth-integrations/[registrationId]/check": json(
      anyValue,
      { registrationId: integration },
      {
        weight: 0.5,
      },
    ),
    "POST /api/v1/oauth-integrations/[registrationId]/promote-secret": json(rollout, { registrationId: integration }),
    "GET /api/v1/oauth-integrations/[registrationId]/draft": query({ registrationId: integration }),
    "DELETE /api/v1/oauth-integrations/[registrationId]/draft": json(rollout, { registrationId: integration }),
    "POST /api/v1/oauth-integrations/[registrationId]/draft/promote": json(rollout, { registrationId: integration }),
    "POST /api/v1/oauth-integrations/[registrationId]/rollback": json(rollout, { registrationId: integration }),
    "GET /api/v1/sign-in-policy": noInput(),
    "PUT /api/v1/sign-in-policy": json(r.policy),
    "GET /api/v1/config": noInput(),
    "POST /api/v1/config/plan": json(r.configDocument),
    "POST /api/v1/config/apply": json(r.configApply),
    "GET /api/v1/openapi.json": noInput(),
    "POST /api/v1/oauth-integrations/[registrationId]/scim": json(anyValue, { registrationId: integration }),
    "PATCH /api/v1/oauth-integrations/[registrationId]/scim": json(scimSettings, { registrationId: integration }),
    "DELETE /api/v1/oauth-integrations/[registrationId]/scim": json(anyValue, { registrationId: integration }),
    // ---- SCIM 2.0 provisioning (bearer token of the integration) ----
    "GET /api/scim/v2/[registrationId]/[[...path]]": query(scimParams, scim),
    "POST /api/scim/v2/[registrationId]/[[...path]]": json(anyValue, scimParams, scim),
    "PUT /api/scim/v2/[registrationId]/[[...path]]": json(anyValue, scimParams, scim),
    "PATCH /api/scim/v2/[registrationId]/[[...path]]": json(anyValue, scimParams, scim),
    "DELETE /api/scim/v2/[registrationId]/[[...path]]": json(anyValue, scimParams, scim),
    // Any other /api/v1 path: the JSON 404 envelope, whatever the method.
    "GET /api/v1/[...path]": query({ path: apiPath }, { weight: 0.25 }),
    "POST /api/v1/[...path]": json(anyValue, { path: apiPath }, { weight: 0.25 }),
    "PUT /api/v1/[...path]": json(anyValue, { path: apiPath }, { weight: 0.25 }),
    "PATCH /api/v1/[...path]": json(anyValue, { path: apiPath }, { weight: 0.25 }),
    "DELETE /api/v1/[...path]": json(anyValue, { path: apiPath }, { weight: 0.25 }),
    // ---- operations: probes and metrics (public, or behind a bearer token) ----
    "GET /api/health/live": query({}),
    "GET /api/health/ready": query({}, { weight: 0.25 }),
    "GET /api/metrics": query({}, { extra: bearer, weight: 0.5 }),
    // ---- sign-in (next-auth) and Test sign-in ----
    "GET /api/auth/[...nextauth]": query({ nextauth }, { recordsRefusals: true }),
    "POST /api/auth/[...nextauth]": form(nextauthForm, { nextauth }, { extra: withCsrfCookie, recordsRefusals: true }),
    // Back-channel logout: garbage, JWT-shaped garbage and repeated fields (refusals count in the throttle).
    "POST /api/auth/backchannel-logout/[registrationId]": form(
      fc.record(
        {
          logout_token: fc.oneof(
            hostileString,
            hostileString.map((s) => `eyJhbGciOiJSUzI1NiJ9.${s}.${s}`),
          ),
        },
        { requiredKeys: [] },
      ),
      { registrationId: fc.oneof(integration, hostileString) },
      { recordsRefusals: true },
    ),
    "POST /api/integrations/test-sign-in/start": form(
      fc.record({ registrationId: fc.oneof(fc.constant(fx.registrationId), hostileString) }, { requiredKeys: [] }),
      {},
      { extra: origin },
    ),
    "GET /api/integrations/test-sign-in/callback": query({}, { extra: anyCookie }),
    "POST /api/integrations/draft-sign-in": json(rollout, {}, { extra: origin }),
    "GET /api/integrations/[registrationId]/jwks": query({ registrationId: integration }),
    // ---- server actions ----
    createUserAction: action(r.user),
    updateUserAction: action(r.user),
    setUserDisabledAction: action(r.user),
    removeSsoLinkAction: action(r.link),
    anonymiseUserAction: action(r.user),
    signOutEverywhereAction: action(r.user),
    createIntegrationAction: action(r.integration),
    updateIntegrationAction: action(r.integration),
    setIntegrationEnabledAction: action(r.integration),
    deleteIntegrationAction: action(r.integration),
    fetchConfigurationAction: action(r.integration, { weight: 0.5 }),
    checkSavedIntegrationAction: action(r.integration, { weight: 0.5 }),
    checkIntegrationValuesAction: action(r.integration, { weight: 0.5 }),
    promoteNextSecretAction: action(rollout),
    saveDraftAction: action(draftEdit),
    promoteDraftAction: action(rollout),
    discardDraftAction: action(rollout),
    rollbackIntegrationAction: action(rollout),
    checkDriftNowAction: action(rollout, { weight: 0.5 }),
    acceptDriftAction: action(rollout),
    addNextClientKeyAction: action(rollout),
    promoteNextClientKeyAction: action(rollout),
    removePreviousClientKeyAction: action(rollout),
    updateSignInPolicyAction: action(r.policy),
    startSsoLinkAction: action(r.link),
    signOutAction: action(fc.constant({})),
    findSsoForEmail: action(fc.record({ email: r.email }, { requiredKeys: [] })),
    createApiTokenAction: action(r.apiToken),
    revokeApiTokenAction: action(r.apiToken),
    enableScimAction: action(rollout),
    disableScimAction: action(rollout),
    scimSettingsAction: action(scimSettings),
    saveGroupMappingsAction: action(groupMappings),
    simulateGroupMappingsAction: action(groupMappings, { weight: 0.5 }),
  };
}

/** The line to add for an entry point that has none (the coverage test's message). */
export function suggestedLine(entry: { kind: "route" | "action"; key: string; pattern?: string; method?: string }) {
  if (entry.kind === "action") return `    ${entry.key}: action(anyValue), // or a near-valid record from records(fx)`;
  const params = [...(entry.pattern ?? "").matchAll(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g)].map((m) => m[1]);
  const paramArgs = params.length ? `{ ${params.map((p) => `${p}: hostileString`).join(", ")} }` : "";
  const line =
    entry.method === "GET" || entry.method === "HEAD"
      ? params.length
        ? `query(${paramArgs})`
        : "noInput()"
      : `json(anyValue${paramArgs ? `, ${paramArgs}` : ""})`;
  return `    "${entry.key}": ${line},`;
}
