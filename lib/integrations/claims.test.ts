// The claim settings' schemas: what they accept, what they refuse, and that an API PATCH leaves omitted ones alone.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { integrationPatchSchema } from "@/lib/api/v1/oauth-integrations";
import { authorizationParamsSchema, readClaim, scopesSchema, signInRequirementSchema } from "./claims";

describe("claim settings", () => {
  it("scopes always start with openid, once", () => {
    assert.equal(scopesSchema.parse("email  groups openid"), "openid email groups");
    assert.equal(scopesSchema.parse(undefined), "openid email profile");
    assert.equal(scopesSchema.safeParse('bad"scope').success, false);
  });

  it("authorization parameters: only the allow-list, normalised", () => {
    assert.equal(authorizationParamsSchema.parse("?prompt=login&max_age=0"), "prompt=login&max_age=0");
    for (const refused of ["redirect_uri=https://evil.test", "prompt=hack", "max_age=soon", "prompt=login&prompt=none"])
      assert.equal(authorizationParamsSchema.safeParse(refused).success, false, refused);
  });

  it("the requirement reads <claim> contains|equals <value>", () => {
    assert.equal(signInRequirementSchema.parse(" groups contains keyway users "), "groups contains keyway users");
    assert.equal(signInRequirementSchema.safeParse("groups has x").success, false);
  });

  it("a claim named with dots wins over the dotted path", () => {
    assert.equal(readClaim({ "a.b": 1, a: { b: 2 } }, "a.b"), 1);
    assert.equal(readClaim({ a: { b: 2 } }, "a.b"), 2);
    assert.equal(readClaim({ a: [1] }, "a.0"), undefined, "no indexing into arrays");
  });

  it("an API PATCH that omits them keeps them (no default fills in)", () => {
    const patch = integrationPatchSchema({ allowInsecureUrls: false }).parse({ registrationId: "acme", version: 3 });
    for (const key of ["scopes", "authorizationParams", "emailClaim", "groupsClaim", "signInRequirement"])
      assert.equal(Object.hasOwn(patch as object, key), false, key);
  });
});
