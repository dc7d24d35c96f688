import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeAuditDetails, emailsIn } from "./audit-details";

const texts = (details: unknown, targetId?: string) =>
  describeAuditDetails(details, targetId).map((item) => {
    const show = (v: { kind: string; text?: string; emails?: string[] }) =>
      v.kind === "users" ? v.emails!.join(", ") : v.text!;
    if (item.type === "changed") return `${item.label}: changed`;
    if (item.type === "value") return `${item.label}: ${show(item.value)}`;
    return `${item.label}: ${show(item.before)} → ${show(item.after)}`;
  });

describe("describeAuditDetails", () => {
  it("an integration edit: labels from the field table, before → after, the secret only as changed", () => {
    assert.deepEqual(
      texts({
        changes: {
          tokenUri: { from: "https://a/token", to: "https://b/token" },
          clientSecret: "changed",
          clientAuthMethod: { from: "client_secret_post", to: "client_secret_basic" },
          trustEmailAddresses: { from: false, to: true },
          emailDomains: { from: "", to: "acme.com" },
        },
        configVersion: 7,
      }),
      [
        "Client Secret: changed",
        "Token URI: https://a/token → https://b/token",
        "Client Authentication Method: Post → Basic",
        "Email domains: (empty) → acme.com",
        "Trust email addresses from this IdP: No → Yes",
      ],
    );
  });

  it("a creation: a compact list; secrets as set; bookkeeping and the repeated Registration ID left out", () => {
    assert.deepEqual(
      texts(
        {
          provider: "custom-sso",
          registrationId: "acme",
          clientId: "c",
          issuer: "https://idp.test",
          issuerDiscovered: true,
          clientSecret: "[redacted]",
          emailDomains: [],
          configVersion: 3,
        },
        "acme",
      ),
      [
        "Provider: Custom SSO",
        "Client ID: c",
        "Client Secret: set",
        "Issuer: https://idp.test (discovered)",
        "Email domains: (none)",
      ],
    );
  });

  it("a user edit stored as before/after: only what changed; users' emails are collected for links", () => {
    const details = {
      before: { name: "Ann", role: "GUEST", authorities: [] },
      after: { name: "Ann", role: "ADMIN", authorities: ["AUDIT_READ"] },
    };
    assert.deepEqual(texts(details), ["Role: GUEST → ADMIN", "Authorities: (none) → AUDIT_READ"]);
    const policy = describeAuditDetails({
      changes: { breakGlass: { from: [], to: ["a@x.test"] }, requireSso: { from: false, to: false } },
    });
    assert.deepEqual(emailsIn(policy), ["a@x.test"]);
    assert.equal(policy.length, 1, "an unchanged field is not listed");
  });

  it("old rows and unknown keys read gracefully; anything named like a secret never shows its value", () => {
    assert.deepEqual(texts({ requireSso: false, breakGlass: ["a@x.test"] }), [
      "Require single sign-on: No",
      "Break-glass accounts: a@x.test",
    ]);
    assert.deepEqual(texts({ password: "[none]", linksRemoved: 2, apiTokenSecret: "s3cr3t", newThing: { a: 1 } }), [
      "Password: none",
      "Links removed: 2",
      "Api token secret: set",
      'New thing: {"a":1}',
    ]);
    assert.deepEqual(texts(null), []);
  });
});
