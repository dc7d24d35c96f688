import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emailDomainOf, emailDomainsSchema } from "./email-domains";

describe("Email domains field", () => {
  it("accepts commas, spaces, newlines and a leading @; lower-cases and removes duplicates", () => {
    assert.deepEqual(emailDomainsSchema.parse("Acme.com, @example.org\nacme.com  xn--bcher-kva.example"), [
      "acme.com",
      "example.org",
      "xn--bcher-kva.example",
    ]);
    assert.deepEqual(emailDomainsSchema.parse(["A.io"]), ["a.io"]);
    assert.deepEqual(emailDomainsSchema.parse(""), []);
  });

  it("refuses what is not a domain, with the message on the field and naming the domain", () => {
    for (const [input, message] of [
      ["localhost", /localhost: Enter a domain like example.com/],
      ["https://acme.com", /Enter a domain like example.com/],
      ["a@b.com", /Enter a domain like example.com/],
      ["-acme.com", /Enter a domain like example.com/],
      ["\u212Aeyway.local", /in ASCII/], // KELVIN SIGN: never routed as the ASCII "keyway.local"
      ["bücher.example", /xn-- form/],
    ] as const) {
      const result = emailDomainsSchema.safeParse(input);
      assert.equal(result.success, false, input);
      assert.deepEqual(
        result.error?.issues.map((i) => i.path),
        [[]],
        "reported on the field itself",
      );
      assert.match(result.error!.issues[0].message, message);
    }
    assert.equal(emailDomainsSchema.safeParse(Array.from({ length: 51 }, (_, i) => `d${i}.com`)).success, false);
    assert.equal(emailDomainsSchema.safeParse({ domain: "a.com" }).success, false);
  });

  it("emailDomainOf takes the part after the last @, lower-cased", () => {
    assert.equal(emailDomainOf("Ann@Acme.COM"), "acme.com");
    assert.equal(emailDomainOf('"a@b"@acme.com'), "acme.com");
    assert.equal(emailDomainOf("no-at-sign"), null);
    assert.equal(emailDomainOf(null), null);
    assert.equal(emailDomainOf("ann@"), null);
    assert.equal(
      emailDomainOf("guest@\u212Aeyway.local"),
      null,
      "a KELVIN SIGN look-alike is never read as keyway.local",
    );
  });
});
