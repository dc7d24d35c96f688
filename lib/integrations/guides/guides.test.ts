// Every provider has a guide; every guide names only Keyway's own error codes and placeholders it can fill.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { PROVIDER_IDS } from "../presets";
import { fillGuideValue, GUIDE_PLACEHOLDERS, GUIDES } from "./index";

describe("provider guides", () => {
  it("has a guide with steps, the Redirect URI and known error codes for every provider", () => {
    for (const id of PROVIDER_IDS) {
      const guide = GUIDES[id];
      assert.ok(guide.steps.length >= 3, id);
      const values = guide.steps.flatMap((s) => s.values ?? []).map((v) => v.value);
      assert.ok(values.includes("{redirectUri}"), `${id} shows the Redirect URI to paste`);
      for (const value of values)
        for (const [, name] of value.matchAll(/\{(\w+)\}/g))
          assert.ok((GUIDE_PLACEHOLDERS as readonly string[]).includes(name), `${id}: unknown placeholder ${name}`);
      for (const error of guide.errors) assert.ok(Object.hasOwn(SIGN_IN_ERRORS, error.code), `${id}: ${error.code}`);
    }
  });

  it("fills placeholders with this Keyway's values and leaves other braces alone", () => {
    const values = {
      redirectUri: "https://k/cb",
      postLogoutRedirectUri: "p",
      backchannelLogoutUri: "b",
      scopes: "openid",
    };
    assert.equal(fillGuideValue("{redirectUri}", values), "https://k/cb");
    assert.equal(fillGuideValue("{tenantid} {scopes}", values), "{tenantid} openid");
  });
});
