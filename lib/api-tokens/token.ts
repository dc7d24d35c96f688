// The API token itself: `kw_` + 43 random base62 characters (≥ 256 bits), shown once and never stored. Keyway keeps
// its SHA-256 (enough for a high-entropy secret: there is nothing to brute-force, so no slow hash is needed) and its
// first 8 characters, so people can tell their tokens apart.
import { createHash, randomInt } from "node:crypto";

export const TOKEN_PREFIX = "kw_";
export const TOKEN_RANDOM_CHARS = 43;
export const STORED_PREFIX_LENGTH = 8;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const WELL_FORMED = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{40,64}$`);

export function generateApiToken(): string {
  // randomInt draws from the OS CSPRNG without modulo bias (rejection sampling), one character at a time.
  let random = "";
  for (let i = 0; i < TOKEN_RANDOM_CHARS; i += 1) random += BASE62[randomInt(BASE62.length)];
  return `${TOKEN_PREFIX}${random}`;
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function storedPrefix(token: string): string {
  return token.slice(0, STORED_PREFIX_LENGTH);
}

/** Whether a presented value can be a Keyway token at all (anything else is refused without a lookup). */
export function isWellFormedApiToken(value: string): boolean {
  return WELL_FORMED.test(value);
}
