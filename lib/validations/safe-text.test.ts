import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { integrationSchema, INTEGRATION_DEFAULTS } from "@/lib/integrations/schema";
import { passwordSchema, userFormSchema } from "@/lib/users/schema";
import { hasUnsafeCharacters, unsafeTextMessage, utf8Bytes } from "./safe-text";

const hostile = [
  "Acme\u0000",
  "Sign in with \u202eelgooG",
  "a\u2066b\u2069",
  "x\u200fy",
  "line\nbreak",
  "tab\there",
  "\u001b[31mred",
  "b\ufeffom",
  // Invisible format characters (Unicode category Cf): zero-width space, soft hyphen, word joiner, invisible
  // operators, Arabic letter mark, a tag character, and joiners where no script needs them.
  "Sign in\u200bwith Corp",
  "Co\u00adrp",
  "Corp\u2060",
  "a\u2062b",
  "x\u061cy",
  "tag\u{e0041}",
  "Co\u200drp",
  "Co\u200crp",
  "\u200d\u{1f469}",
  "Acme \u200c",
];
const integration = {
  ...INTEGRATION_DEFAULTS,
  registrationId: "acme-sso",
  clientId: "c",
  clientSecret: "s",
  authorizationUrl: "https://idp.example.com/auth",
  jwksUri: "https://idp.example.com/jwks",
  tokenUri: "https://idp.example.com/token",
  userInfoUri: "https://idp.example.com/userinfo",
  loginButtonText: "Acme",
};

describe("safeText: names and button texts display as what they are", () => {
  for (const text of hostile) {
    it(`refuses ${JSON.stringify(text)} as a user name and a button text`, () => {
      assert.ok(hasUnsafeCharacters(text));
      const user = userFormSchema.safeParse({ email: "a@example.com", name: text, role: "GUEST" });
      assert.equal(user.success, false);
      assert.equal(user.error!.issues[0].message, unsafeTextMessage("Name"));
      const button = integrationSchema({ allowInsecureUrls: false }).safeParse({
        ...integration,
        loginButtonText: text,
      });
      assert.equal(button.success, false);
      assert.equal(button.error!.issues[0].message, unsafeTextMessage("Login Button Text"));
    });
  }
  it("accepts ordinary international names, emoji and joiners", () => {
    // Joiners stay allowed where writing needs them: emoji sequences, Persian ZWNJ, Devanagari half forms.
    for (const name of ["Zoë Ångström", "محمد", "李小龙", "Ana-María O'Neil", "👩‍💻 Dev", "می‌خواهم", "क्‍ष", "❤️‍🔥"]) {
      assert.equal(userFormSchema.safeParse({ email: "a@example.com", name, role: "GUEST" }).success, true, name);
    }
  });
});

describe("passwords are limited in bytes, like bcrypt", () => {
  it("refuses more than 72 bytes instead of truncating", () => {
    assert.equal(passwordSchema.safeParse("a".repeat(72)).success, true);
    assert.equal(passwordSchema.safeParse("a".repeat(73)).success, false);
    const accented = "é".repeat(37); // 37 characters, 74 bytes
    assert.equal(utf8Bytes(accented), 74);
    const result = passwordSchema.safeParse(accented);
    assert.equal(result.success, false);
    assert.match(result.error!.issues[0].message, /72 bytes/);
  });
});
