// The Audit Log's details column: field diffs, and a config change set as one line per change; secrets never shown.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderToStaticMarkup } from "react-dom/server";
import { describeAuditDetails } from "@/lib/audit-details";
import { AuditChanges } from "./audit-changes";

const text = (details: unknown) =>
  renderToStaticMarkup(<AuditChanges items={describeAuditDetails(details)} userHref={() => null} />)
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'");

describe("AuditChanges", () => {
  it("shows a field diff, the secret only as changed", () => {
    const out = text({ changes: { loginButtonText: { from: "A", to: "B" }, clientSecret: { from: "x", to: "y" } } });
    assert.match(out, /Client Secret: changed/);
    assert.match(out, /Login Button Text: A → B/);
    assert.doesNotMatch(out, /\bx\b|\by\b/);
  });

  it("shows a change set one change per line, naming each integration", () => {
    const out = text({
      configVersion: 3,
      prune: false,
      changes: [
        {
          target: "integration",
          registrationId: "cfg-two",
          action: "create",
          fields: { clientId: "c", clientSecret: "set" },
        },
        {
          target: "integration",
          registrationId: "cfg-sso",
          action: "update",
          fields: { issuer: { from: "a", to: "b" }, clientSecret: "changed" },
        },
        { target: "signInPolicy", action: "update", fields: { requireSso: { from: false, to: true } } },
      ],
    });
    assert.match(out, /1\. create integration cfg-two: Client ID: c; Client Secret: set/);
    assert.match(out, /2\. update integration cfg-sso: Client Secret: changed; Issuer: a → b/);
    assert.match(out, /3\. update sign-in policy: Require single sign-on: No → Yes/);
    assert.match(out, /Prune: No/);
  });
});
