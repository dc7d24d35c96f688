import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { identityRelevantFieldsChanged } from "./identity-settings";

const stored = {
  authorizationUrl: "https://idp/a",
  tokenUri: "https://idp/t",
  userInfoUri: "https://idp/u",
  jwksUri: "https://idp/j",
  issuer: "https://idp",
  clientId: "c1",
  trustEmailAddresses: false,
  emailDomains: ["example.com"],
};

describe("identityRelevantFieldsChanged", () => {
  it("is false for cosmetic edits and for unchanged values", () => {
    assert.equal(identityRelevantFieldsChanged(stored, { ...stored }), false);
    assert.equal(identityRelevantFieldsChanged(stored, { ...stored, emailDomains: ["Example.com "] }), false);
    assert.equal(
      identityRelevantFieldsChanged(stored, { clientSecret: "" }),
      false,
      "a blank write-only secret keeps the old one",
    );
    assert.equal(identityRelevantFieldsChanged(stored, {}), false);
  });

  it("is true when an endpoint, the issuer, the client, the trust switch or the domains change", () => {
    for (const change of [
      { tokenUri: "https://evil/t" },
      { issuer: "https://evil" },
      { clientId: "c2" },
      { clientSecret: "new" },
      { trustEmailAddresses: true },
      { emailDomains: ["example.com", "other.com"] },
      { emailDomains: [] },
      { jwksUri: "https://evil/j" },
    ]) {
      assert.equal(identityRelevantFieldsChanged(stored, { ...stored, ...change }), true, JSON.stringify(change));
    }
  });
});
