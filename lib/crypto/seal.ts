// AES-256-GCM sealing of secrets at rest (client secrets). The key comes from the environment or, in
// development only, from a key file beside the SQLite database; never from the database itself.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { devSecret } from "./dev-secret";

const FORMAT = "v1";
// Binds ciphertexts to their purpose: a sealed value cannot be replayed into another kind of field.
const AAD = Buffer.from("keyway:sealed-secret:v1");

export type SealingKey = { id: string; key: Buffer };

export class SealingKeyError extends Error {}

export function parseSealingKey(encoded: string): SealingKey {
  const key = Buffer.from(encoded.trim(), "base64");
  if (key.length !== 32) {
    throw new SealingKeyError("KEYWAY_SEALING_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32).");
  }
  // The key id lets sealed values name their key, so keys can be rotated (KEYWAY_SEALING_KEY_PREVIOUS).
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

let cached: { current: SealingKey; all: SealingKey[] } | null = null;

export function sealingKeys(env: NodeJS.ProcessEnv = process.env): { current: SealingKey; all: SealingKey[] } {
  if (cached && env === process.env) return cached;
  let current: SealingKey;
  if (env.KEYWAY_SEALING_KEY) {
    current = parseSealingKey(env.KEYWAY_SEALING_KEY);
  } else if (env.NODE_ENV === "production") {
    throw new SealingKeyError("KEYWAY_SEALING_KEY is required in production (generate one: openssl rand -base64 32).");
  } else {
    current = parseSealingKey(devSecret("sealing.key"));
  }
  const previous = env.KEYWAY_SEALING_KEY_PREVIOUS ? [parseSealingKey(env.KEYWAY_SEALING_KEY_PREVIOUS)] : [];
  const result = { current, all: [current, ...previous] };
  if (env === process.env) cached = result;
  return result;
}

export function seal(plaintext: string, keys = sealingKeys()): string {
  const iv = randomBytes(12); // 96-bit random nonce, as GCM recommends; never reused with high probability.
  const cipher = createCipheriv("aes-256-gcm", keys.current.key, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [FORMAT, keys.current.id, iv.toString("base64url"), body.toString("base64url")].join(":");
}

/** The id of the key a sealed value names (null when it is not a sealed value). */
export function sealedKeyId(sealed: string): string | null {
  const [format, keyId] = sealed.split(":");
  return format === FORMAT && keyId ? keyId : null;
}

export function unseal(sealed: string, keys = sealingKeys()): string {
  const [format, keyId, ivText, bodyText] = sealed.split(":");
  if (format !== FORMAT || !keyId || !ivText || !bodyText) throw new SealingKeyError("Sealed value is malformed.");
  const key = keys.all.find((k) => k.id === keyId);
  if (!key) throw new SealingKeyError(`Sealed with key ${keyId}, which is not configured (KEYWAY_SEALING_KEY).`);
  const body = Buffer.from(bodyText, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(ivText, "base64url"));
  decipher.setAAD(AAD);
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
}
