import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { z } from "zod";
import { setPasswordSchema, setUserDisabledSchema, updateUserSchema, userFormSchema } from "./schema";

const valid = { email: "Ada@Example.COM", name: "Ada Lovelace", role: "ADMIN", authorities: [] };
const tenKb = "x".repeat(10 * 1024);

/** First message per field, as the server action reports them. */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  assert.equal(result.success, false, "expected the input to be refused");
  const out: Record<string, string> = {};
  for (const issue of result.error!.issues) out[issue.path.join(".")] ??= issue.message;
  return out;
}

describe("userFormSchema", () => {
  it("accepts a valid user, trims and lower-cases the email, defaults authorities", () => {
    const parsed = userFormSchema.parse({
      ...valid,
      email: "  Ada@Example.COM ",
      name: "  Ada  ",
      authorities: undefined,
    });
    assert.deepEqual(parsed, { email: "ada@example.com", name: "Ada", role: "ADMIN", authorities: [] });
  });

  it("refuses empty fields with a message per field", () => {
    assert.deepEqual(errorsOf(userFormSchema, { email: "", name: "   ", role: "", authorities: [] }), {
      email: "Enter an email address.",
      name: "Enter a name.",
      role: "Choose a role.",
    });
  });

  it("refuses a malformed email", () => {
    for (const email of ["ada", "ada@", "@example.com", "ada@example", "ada @example.com", "ada@@example.com"]) {
      assert.deepEqual(
        errorsOf(userFormSchema, { ...valid, email }),
        { email: "Enter a valid email address, like name@example.com." },
        email,
      );
    }
  });

  it("refuses 10 KB strings with a length message, not a crash or a generic error", () => {
    assert.deepEqual(errorsOf(userFormSchema, { ...valid, email: `${tenKb}@example.com`, name: tenKb }), {
      email: "Email addresses are at most 254 characters.",
      name: "Names are at most 100 characters.",
    });
  });

  it("refuses an unknown role or authority", () => {
    assert.deepEqual(errorsOf(userFormSchema, { ...valid, role: "ROOT" }), { role: "Choose a role." });
    assert.deepEqual(errorsOf(userFormSchema, { ...valid, role: "admin" }), { role: "Choose a role." });
    assert.deepEqual(errorsOf(userFormSchema, { ...valid, authorities: ["USER_READ", "SUPERUSER"] }), {
      "authorities.1": "Unknown authority.",
    });
  });

  it("collapses a repeated authority (it would otherwise collide on the (userId, authority) key)", () => {
    assert.deepEqual(userFormSchema.parse({ ...valid, authorities: ["USER_READ", "USER_READ"] }).authorities, [
      "USER_READ",
    ]);
  });

  it("drops unknown keys such as a password", () => {
    assert.equal("password" in userFormSchema.parse({ ...valid, password: "hunter2hunter2" }), false);
  });
});

describe("variants", () => {
  it("updateUserSchema needs an id and never takes an email", () => {
    assert.deepEqual(Object.keys(errorsOf(updateUserSchema, { name: "A", role: "GUEST" })), ["id"]);
    const parsed = updateUserSchema.parse({ id: "u1", email: "x@example.com", name: "A", role: "GUEST" });
    assert.deepEqual(parsed, { id: "u1", name: "A", role: "GUEST", authorities: [] });
  });

  it("setUserDisabledSchema needs a real boolean", () => {
    assert.deepEqual(Object.keys(errorsOf(setUserDisabledSchema, { id: "u1", disabled: "true" })), ["disabled"]);
  });

  it("setPasswordSchema: same email rules, 12–128 characters", () => {
    assert.deepEqual(errorsOf(setPasswordSchema, { email: "nope", password: "short" }), {
      email: "Enter a valid email address, like name@example.com.",
      password: "Passwords are at least 12 characters.",
    });
    assert.deepEqual(errorsOf(setPasswordSchema, { email: "a@example.com", password: tenKb }), {
      password: "Passwords are at most 128 characters.",
    });
    assert.equal(
      setPasswordSchema.parse({ email: "A@Example.com", password: "correct horse battery" }).email,
      "a@example.com",
    );
  });
});
