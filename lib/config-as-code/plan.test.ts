// The plan: from the current configuration and a document, the exact changes (field by field, secrets only as
// "changed"), what prune deletes, and every problem of a bad document at once with its path.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { documentProblems } from "../api/errors";
import { CLAIM_SETTINGS_DEFAULTS } from "../integrations/claims";
import { configDocumentSchema, type ConfigDocumentValues, secretEnvName } from "./document";
import { exportDocument } from "./export";
import { type CurrentConfig, planConfig, planProblems } from "./plan";

const policy = { allowInsecureUrls: false };
const acme = {
  registrationId: "acme",
  provider: "custom-sso" as const,
  enabled: true,
  clientId: "acme-client",
  authorizationUrl: "https://idp.acme.test/auth",
  jwksUri: "https://idp.acme.test/jwks",
  tokenUri: "https://idp.acme.test/token",
  userInfoUri: "https://idp.acme.test/me",
  issuer: "https://idp.acme.test",
  clientAuthMethod: "client_secret_post",
  loginButtonText: "Acme",
  emailDomains: ["acme.test"],
  trustEmailAddresses: false,
  showOnSignInScreen: true,
  ...CLAIM_SETTINGS_DEFAULTS,
  endSessionUri: "",
  rpInitiatedLogout: false,
};
const current: CurrentConfig = {
  configVersion: 7,
  integrations: [
    { ...acme, linksUnderIssuer: 3 },
    {
      ...acme,
      registrationId: "old",
      clientId: "old",
      loginButtonText: "Old",
      emailDomains: ["old.test"],
      linksUnderIssuer: 0,
    },
  ],
  signInPolicy: { requireSso: false, breakGlassAccounts: [] },
};
const parse = (doc: unknown): ConfigDocumentValues => configDocumentSchema(policy).parse(doc);
const exported = () =>
  structuredClone(exportDocument(current)) as Record<string, unknown> & {
    integrations: Record<string, unknown>[];
    signInPolicy: Record<string, unknown>;
  };
const same = { acme: "same", old: "same" } as const;

describe("export", () => {
  it("writes every setting, email domains and enabled; a secret only as an environment reference", () => {
    const doc = exportDocument(current);
    assert.equal(doc.apiVersion, "keyway/v1");
    assert.deepEqual(doc.integrations[0], { ...acme, clientSecret: { fromEnv: "ACME_CLIENT_SECRET" } });
    assert.deepEqual(doc.signInPolicy, { requireSso: false, breakGlassAccounts: [] });
    assert.equal(secretEnvName("acme-sso-2"), "ACME_SSO_2_CLIENT_SECRET");
    assert.deepEqual(planConfig(current, parse(doc), same).changes, [], "an export plans no changes");
  });

  it('a Private key JWT integration has no secret to read: exported as "", planned as unchanged', () => {
    const keyed: CurrentConfig = {
      ...current,
      integrations: [{ ...acme, clientAuthMethod: "private_key_jwt", linksUnderIssuer: 0 }],
    };
    const doc = exportDocument(keyed);
    assert.equal(doc.integrations[0]!.clientSecret, "");
    assert.deepEqual(planConfig(keyed, parse(doc), { acme: "same" }).changes, []);
    const post = { ...doc, integrations: [{ ...doc.integrations[0]!, clientAuthMethod: "client_secret_post" }] };
    const refused = configDocumentSchema(policy).safeParse(post);
    assert.deepEqual(
      refused.error?.issues.map((i) => i.path.join(".")),
      ["integrations.0.clientSecret"],
    );
  });
});

describe("plan", () => {
  it("updates field by field; the secret only as 'changed', never its value", () => {
    const doc = exported();
    Object.assign(doc.integrations[0], { loginButtonText: "Acme Corp", emailDomains: ["acme.test", "acme.example"] });
    const plan = planConfig(current, parse(doc), { acme: "changed", old: "same" });
    assert.deepEqual(plan.changes, [
      {
        target: "integration",
        registrationId: "acme",
        action: "update",
        fields: {
          loginButtonText: { from: "Acme", to: "Acme Corp" },
          emailDomains: { from: "acme.test", to: "acme.example, acme.test" },
          clientSecret: "changed",
        },
        notes: [
          "You become this integration's identity configurer: email linking through it is bounded by your authorities.",
        ],
      },
    ]);
  });

  it("an issuer change says how many links stop matching; switching off says what it does", () => {
    const doc = exported();
    Object.assign(doc.integrations[0], { issuer: "https://login.acme.test", enabled: false });
    const [change] = planConfig(current, parse(doc), same).changes;
    assert.deepEqual(change.fields, {
      issuer: { from: "https://idp.acme.test", to: "https://login.acme.test" },
      enabled: { from: true, to: false },
    });
    assert.ok(change.notes.some((n) => n.includes("3 linked accounts stop matching")));
    assert.ok(change.notes.some((n) => n.includes("leaves the sign-in screen")));
  });

  it("creates with every setting, the secret as 'set'", () => {
    const doc = exported();
    doc.integrations.push({ ...acme, registrationId: "new-idp", emailDomains: [], clientSecret: "s3cret-value" });
    const plan = planConfig(current, parse(doc), { ...same, "new-idp": "changed" });
    assert.equal(plan.changes.length, 1);
    const [create] = plan.changes;
    assert.equal(create.action, "create");
    assert.equal(create.fields.clientSecret, "set");
    assert.equal(create.fields.loginButtonText, "Acme");
    assert.equal(JSON.stringify(plan).includes("s3cret-value"), false);
  });

  it("deletes only with prune: true; otherwise lists what it leaves alone", () => {
    const doc = exported();
    doc.integrations = doc.integrations.filter((i) => i.registrationId !== "old");
    const kept = planConfig(current, parse(doc), same);
    assert.deepEqual([kept.changes, kept.unmanaged], [[], ["old"]]);
    const pruned = planConfig(current, parse({ ...doc, prune: true }), same);
    assert.deepEqual(
      pruned.changes.map((c) => [c.action, c.registrationId]),
      [["delete", "old"]],
    );
    assert.deepEqual(pruned.unmanaged, []);
  });

  it("policy changes; a document without signInPolicy leaves the policy alone", () => {
    const doc = exported();
    doc.signInPolicy = { requireSso: true, breakGlassAccounts: ["root@acme.test"] };
    const [change] = planConfig(current, parse(doc), same).changes;
    assert.deepEqual(change, {
      target: "signInPolicy",
      action: "update",
      fields: { requireSso: { from: false, to: true }, breakGlassAccounts: { from: "", to: "root@acme.test" } },
      notes: [],
    });
    delete (doc as { signInPolicy?: unknown }).signInPolicy;
    assert.deepEqual(planConfig(current, parse(doc), same).changes, []);
  });
});

describe("problems", () => {
  it("a bad document gets every problem at once, each with its path", () => {
    const doc = exported();
    doc.integrations.push({ registrationId: "Bad ID", tokenUri: "nope", clientAuthMethod: "client_secret_jwt" });
    doc.integrations[0].jwksUri = "ftp://x";
    (doc as Record<string, unknown>).extra = 1;
    const parsed = configDocumentSchema(policy).safeParse(doc);
    assert.equal(parsed.success, false);
    const problems = documentProblems(parsed.error!);
    for (const path of [
      "integrations[0].jwksUri",
      "integrations[2].registrationId",
      "integrations[2].tokenUri",
      "integrations[2].clientAuthMethod",
      "integrations[2].clientId",
      "integrations[2].clientSecret",
      "(document)",
    ])
      assert.ok(path in problems, `${path} in ${JSON.stringify(problems)}`);
  });

  it("duplicates within the document are problems at the second occurrence", () => {
    const doc = exported();
    doc.integrations.push({ ...doc.integrations[0], emailDomains: ["old.test"] });
    const parsed = configDocumentSchema(policy).safeParse(doc);
    const problems = documentProblems(parsed.error!);
    assert.match(problems["integrations[2].registrationId"], /appears twice/);
    assert.match(problems["integrations[2].emailDomains"], /old\.test is also given to integrations\[1\]/);
  });

  it("a new integration needs its secret; a domain kept by an integration outside the document is taken", () => {
    const doc = exported();
    doc.integrations = doc.integrations.filter((i) => i.registrationId !== "old");
    doc.integrations.push({
      ...acme,
      registrationId: "fresh",
      emailDomains: ["old.test"],
      clientSecret: { fromEnv: "FRESH_SECRET" },
    });
    const problems = planProblems(current, parse(doc), { acme: "same", fresh: "unresolved" });
    assert.match(problems["integrations[1].clientSecret"], /FRESH_SECRET/);
    assert.match(problems["integrations[1].emailDomains"], /old\.test.*old/);
    // With prune, "old" goes away and its domain is free.
    assert.deepEqual(
      Object.keys(planProblems(current, parse({ ...doc, prune: true }), { acme: "same", fresh: "changed" })),
      [],
    );
  });
});
