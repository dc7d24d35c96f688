// The fuzzer's inputs: hostile strings (unicode, 1 MB, control and bidi characters, injection classics), values of
// the wrong type, prototype keys, deep nesting, missing fields, and near-valid records of each form.
import fc from "fast-check";

/** Ids and URLs of the fuzzer's own rows, so near-valid inputs hit real records. */
export type Fixtures = {
  adminId: string;
  guestId: string;
  victimId: string;
  linkId: string;
  registrationId: string;
  /** Keyway's public origin (NEXTAUTH_URL). */
  origin: string;
  /** A loopback server answering like an IdP, so outbound requests finish at once (no DNS, no waiting). */
  idpUrl: string;
  /** KEYWAY_METRICS_TOKEN, so some scrapes of /api/metrics get past its bearer check. */
  metricsToken: string;
};

const MB = "x".repeat(1 << 20);
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202eevil",
    "a\u2066b",
    "\u00ad",
    "\u200b",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "null",
    "undefined",
    "NaN",
    "__proto__",
    "constructor",
    "𝕬𝖉𝖒𝖎𝖓",
    "admin@fuzz.test",
    "\u212Aate@fuzz.test",
    "ADMIN",
    "fuzz-sso",
    "fuzz.test",
    "https://127.0.0.1/x",
    "http://169.254.169.254/",
    "javascript:alert(1)",
    MB,
    `${"é".repeat(40)}`,
  ),
);

export const anyValue = fc.oneof(
  { depthSize: "small" },
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.object({ maxDepth: 3, key: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype")) }),
);

const protoKeys = fc.constantFrom(
  '{"__proto__":{"role":"ADMIN"}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"__proto__":null}',
);
const deepJson = fc.integer({ min: 1, max: 5000 }).map((d) => "[".repeat(d) + "]".repeat(d));

/** A raw request body: JSON of a near-valid record, anything at all, prototype keys, deep nesting, or not JSON. */
export const rawBody = (record: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: record.map((r) => JSON.stringify(r) ?? "") },
    anyValue.map((v) => JSON.stringify(v) ?? ""),
    protoKeys,
    deepJson,
    hostileString,
  );

/** One of the fixtures' ids, or anything. */
export const idOf = (...ids: string[]) => fc.oneof(fc.constantFrom(...ids), hostileString);

export const authority = fc.oneof(
  fc.constantFrom("USER_READ", "USER_WRITE", "OAUTH_INTEGRATION_READ", "OAUTH_INTEGRATION_WRITE", "AUDIT_READ"),
  hostileString,
);

/** Near-valid records of each form, every key optional. */
export function records(fx: Fixtures) {
  const email = fc.oneof(fc.emailAddress(), hostileString);
  // Loopback (the fuzzer's IdP), internal addresses in odd notations, a few outside-looking names, or garbage.
  const url = fc.oneof(
    { weight: 3, arbitrary: fc.webPath().map((p) => `${fx.idpUrl}${p}`) },
    fc.constantFrom(
      "http://10.0.0.5/x",
      "https://0xa9fea9fe/",
      "https://[::ffff:a9fe:a9fe]/",
      "https://2130706433/",
      "https://metadata.google.internal/",
      "file:///etc/passwd",
    ),
    fc.webUrl(),
    hostileString,
  );
  const user = fc.record(
    {
      email,
      name: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), anyValue),
      role: fc.oneof(fc.constantFrom("ADMIN", "GUEST"), anyValue),
      authorities: fc.oneof(fc.array(authority, { maxLength: 6 }), anyValue),
      disabled: fc.oneof(fc.boolean(), anyValue),
      id: idOf(fx.victimId, fx.guestId, fx.adminId),
    },
    { requiredKeys: [] },
  );
  const integration = fc.record(
    {
      provider: fc.oneof(fc.constant("custom-sso"), anyValue),
      registrationId: fc.oneof(fc.stringMatching(/^[a-z0-9-]{2,12}$/), fc.constant(fx.registrationId), anyValue),
      clientId: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), anyValue),
      clientSecret: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constant(""), anyValue),
      authorizationUrl: url,
      jwksUri: url,
      tokenUri: url,
      userInfoUri: url,
      issuer: fc.oneof(fc.constant(fx.idpUrl), url),
      clientAuthMethod: fc.oneof(
        fc.constantFrom("client_secret_post", "client_secret_basic", "private_key_jwt"),
        anyValue,
      ),
      loginButtonText: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), anyValue),
      emailDomains: fc.oneof(fc.array(hostileString, { maxLength: 4 }), anyValue),
      trustEmailAddresses: fc.oneof(fc.boolean(), anyValue),
      showOnSignInScreen: fc.oneof(fc.boolean(), anyValue),
      scopes: fc.oneof(fc.constant("openid email profile groups"), hostileString, anyValue),
      authorizationParams: fc.oneof(fc.constantFrom("prompt=login", "redirect_uri=x", ""), hostileString, anyValue),
      emailClaim: fc.oneof(fc.constantFrom("email", "upn", "a.b"), hostileString, anyValue),
      groupsClaim: fc.oneof(fc.constant("groups"), hostileString, anyValue),
      updateNameOnSignIn: fc.oneof(fc.boolean(), anyValue),
      signInRequirement: fc.oneof(fc.constant("groups contains x"), hostileString, anyValue),
      enabled: fc.oneof(fc.boolean(), anyValue),
      version: fc.oneof(fc.integer({ min: 0, max: 5 }), anyValue),
      confirmation: fc.oneof(fc.constant(fx.registrationId), hostileString),
      url,
    },
    { requiredKeys: [] },
  );
  const policy = fc.record(
    {
      requireSso: fc.oneof(fc.boolean(), anyValue),
      breakGlassUserIds: fc.oneof(fc.array(idOf(fx.adminId, fx.victimId, fx.guestId), { maxLength: 5 }), anyValue),
    },
    { requiredKeys: [] },
  );
  const link = fc.record(
    { userId: idOf(fx.victimId, fx.adminId), linkId: idOf(fx.linkId), registrationId: idOf(fx.registrationId) },
    { requiredKeys: [] },
  );
  const apiToken = fc.record(
    {
      id: hostileString,
      name: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), anyValue),
      authorities: fc.oneof(fc.array(authority, { maxLength: 4 }), anyValue),
      expiresIn: fc.oneof(fc.constantFrom("7d", "90d", "365d", "366d", "date"), hostileString),
      expiresOn: fc.oneof(fc.constantFrom("2099-01-01", "2000-01-01"), hostileString),
    },
    { requiredKeys: [] },
  );
  // A config-as-code document (plan) and an apply request: near-valid integrations and policy, or garbage.
  const configDocument = fc.record(
    {
      apiVersion: fc.oneof(fc.constant("keyway/v1"), hostileString),
      prune: fc.oneof(fc.boolean(), anyValue),
      integrations: fc.oneof(fc.array(integration, { maxLength: 2 }), anyValue),
      signInPolicy: fc.oneof(
        fc.record({ requireSso: fc.boolean(), breakGlassAccounts: fc.array(email, { maxLength: 2 }) }),
        anyValue,
      ),
    },
    { requiredKeys: [] },
  );
  const configApply = fc.record(
    { configVersion: fc.oneof(fc.integer({ min: 0, max: 5 }), anyValue), document: configDocument },
    { requiredKeys: [] },
  );
  return { url, user, integration, policy, link, email, apiToken, configDocument, configApply };
}
