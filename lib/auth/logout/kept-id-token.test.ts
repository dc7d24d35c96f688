// What an SSO session keeps for logout: the id_token's sid, and the id_token sealed (never in clear).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UnsecuredJWT } from "jose";
import { unseal } from "../../crypto/seal";
import { keptForLogout } from "./kept-id-token";

describe("keptForLogout", () => {
  it("keeps the sid and the sealed id_token", () => {
    const idToken = new UnsecuredJWT({ sub: "s", sid: "idp-session" }).encode();
    const kept = keptForLogout(idToken);
    assert.equal(kept.idpSid, "idp-session");
    assert.notEqual(kept.idTokenSealed, idToken);
    assert.equal(unseal(kept.idTokenSealed!), idToken);
  });
  it("no sid (or an unusable one) is null; no id_token keeps nothing", () => {
    assert.equal(keptForLogout(new UnsecuredJWT({ sub: "s" }).encode()).idpSid, null);
    assert.equal(keptForLogout(new UnsecuredJWT({ sub: "s", sid: 42 }).encode()).idpSid, null);
    assert.deepEqual(keptForLogout(undefined), { idpSid: null, idTokenSealed: null });
  });
});
