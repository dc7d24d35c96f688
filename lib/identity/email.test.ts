// Issue 6, finding 4: one normalisation that cannot map non-ASCII look-alikes onto ASCII addresses.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { userFormSchema } from "../users/schema";
import { normalizeAsciiEmail } from "./email";
import { normalizeIdpEmail } from "./email-idna";

describe("email normalisation", () => {
  it("ASCII: trimmed and lower-cased", () => {
    assert.equal(normalizeAsciiEmail("  Guest@Keyway.LOCAL "), "guest@keyway.local");
    assert.equal(normalizeIdpEmail("Guest@Keyway.LOCAL"), "guest@keyway.local");
  });

  it("KELVIN SIGN and other look-alikes never become ASCII", () => {
    for (const email of [
      "guest@\u212Aeyway.local",
      "\u212Aelvin@keyway.local",
      "guest@ｋeyway.local",
      "admın@keyway.local",
      "ADMİN@keyway.local",
    ]) {
      assert.equal(normalizeAsciiEmail(email), null, email);
      assert.equal(normalizeIdpEmail(email), null, email);
    }
  });

  it("an IDN domain IDNA leaves unchanged becomes its punycode; one it would change is refused", () => {
    assert.equal(normalizeIdpEmail("ann@bücher.example"), "ann@xn--bcher-kva.example");
    assert.equal(normalizeIdpEmail("ann@BÜCHER.example"), null);
    assert.equal(normalizeIdpEmail("ann@xn--bcher-kva.example"), "ann@xn--bcher-kva.example");
    assert.equal(normalizeIdpEmail("ännchen@bücher.example"), null, "non-ASCII local parts are refused");
  });

  it("stored user emails follow the same rule (user form schema)", () => {
    assert.equal(
      userFormSchema.safeParse({ email: "guest@\u212Aeyway.local", name: "G", role: "GUEST" }).success,
      false,
    );
    assert.equal(userFormSchema.safeParse({ email: "ann@bücher.example", name: "A", role: "GUEST" }).success, false);
    assert.equal(
      userFormSchema.parse({ email: "Ann@XN--BCHER-KVA.example", name: "A", role: "GUEST" }).email,
      "ann@xn--bcher-kva.example",
    );
  });
});
