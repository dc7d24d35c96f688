import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { parseSealingKey, seal, unseal } from "./seal";

const keyA = parseSealingKey(randomBytes(32).toString("base64"));
const keyB = parseSealingKey(randomBytes(32).toString("base64"));
const only = (k: typeof keyA) => ({ current: k, all: [k] });

describe("seal", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = seal("s3cret-value-ü", only(keyA));
    assert.ok(!sealed.includes("s3cret"));
    assert.match(sealed, /^v1:[0-9a-f]{8}:/);
    assert.equal(unseal(sealed, only(keyA)), "s3cret-value-ü");
  });

  it("uses a fresh nonce each time", () => {
    assert.notEqual(seal("same", only(keyA)), seal("same", only(keyA)));
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = seal("value", only(keyA));
    const parts = sealed.split(":");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    parts[3] = body.toString("base64url");
    assert.throws(() => unseal(parts.join(":"), only(keyA)), /auth|unable/i);
  });

  it("names a missing key instead of failing obscurely, and decrypts with a previous key after rotation", () => {
    const sealed = seal("value", only(keyA));
    assert.throws(() => unseal(sealed, only(keyB)), new RegExp(`key ${keyA.id}`));
    assert.equal(unseal(sealed, { current: keyB, all: [keyB, keyA] }), "value");
  });

  it("rejects keys of the wrong length", () => {
    assert.throws(() => parseSealingKey(Buffer.alloc(16).toString("base64")), /32 random bytes/);
  });
});
