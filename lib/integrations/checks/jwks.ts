// Check 4: the JWK Set URI answers a JWK Set with at least one key that can verify id_tokens (asymmetric,
// signing use, a usable algorithm — inferred from the key type when `alg` is absent); duplicate kids warned.
import "server-only";
import { importJWK, type JWK } from "jose";
import { jsonObjectOf } from "@/lib/http/outbound";
import { ID_TOKEN_ALGORITHMS } from "../id-token-algorithms";
import { FIX_HINTS } from "./hints";
import { ask, describeAnswer, isResult } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

// Exactly what a sign-in verifies with: a key the check calls usable must be one the id_token check accepts.
const SIGNING_ALGS = new Set(ID_TOKEN_ALGORITHMS);
const EC_ALG: Record<string, string> = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };

/** The algorithm this key would verify with, or why it cannot verify id_tokens. */
export function signingAlgOf(key: JWK): { alg: string } | { unusable: string } {
  const name = key.kid ? `kid ${key.kid}` : `a ${key.kty ?? "typeless"} key`;
  if (key.use === "enc") return { unusable: `${name} is for encryption (use=enc)` };
  if (Array.isArray(key.key_ops) && !key.key_ops.includes("verify"))
    return { unusable: `${name} does not allow verify` };
  // Why: a symmetric key in a public JWK Set would let anyone forge tokens; such keys are never used.
  if (key.kty === "oct") return { unusable: `${name} is symmetric (kty oct)` };
  const alg =
    key.alg ??
    (key.kty === "RSA"
      ? "RS256"
      : key.kty === "EC"
        ? EC_ALG[key.crv ?? ""]
        : key.kty === "OKP" && key.crv === "Ed25519"
          ? "EdDSA"
          : undefined);
  if (!alg || !SIGNING_ALGS.has(alg))
    return { unusable: `${name} has no usable signing algorithm (${key.alg ?? key.kty})` };
  return { alg };
}

export async function checkJwks(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  const answer = await ask("jwks", target.jwksUri, ctx);
  if (isResult(answer)) return answer;
  const doc = answer.status === 200 ? jsonObjectOf(answer) : null;
  if (!doc || !Array.isArray(doc.keys)) {
    return result(
      "jwks",
      "fail",
      `${target.jwksUri} answered ${describeAnswer(answer)}, not a JWK Set.`,
      FIX_HINTS.jwks,
    );
  }
  const keys = doc.keys as JWK[];
  const usable: string[] = [];
  const unusable: string[] = [];
  for (const key of keys) {
    const verdict = signingAlgOf(key);
    if ("unusable" in verdict) {
      unusable.push(verdict.unusable);
      continue;
    }
    try {
      await importJWK(key, verdict.alg);
      usable.push(`${key.kid ?? "(no kid)"} ${verdict.alg}${key.alg ? "" : " (alg inferred)"}`);
    } catch {
      unusable.push(`kid ${key.kid ?? "(none)"} does not parse as a ${verdict.alg} key`);
    }
  }
  if (usable.length === 0) {
    const why = unusable.length ? `: ${unusable.join("; ")}` : " (the set is empty)";
    return result(
      "jwks",
      "fail",
      `${target.jwksUri} has ${keys.length} key(s), none usable to verify id_tokens${why}.`,
      FIX_HINTS.jwks,
    );
  }
  const kids = keys.map((k) => k.kid).filter(Boolean);
  const duplicates = [...new Set(kids.filter((kid, i) => kids.indexOf(kid) !== i))];
  if (duplicates.length > 0) {
    return result(
      "jwks",
      "warning",
      `Usable: ${usable.join(", ")}. Duplicate kid(s): ${duplicates.join(", ")}.`,
      "Ask the IdP's administrator to give each key its own kid; otherwise tokens may fail to verify after a key rotation.",
    );
  }
  return result("jwks", "pass", `${keys.length} key(s); usable to verify id_tokens: ${usable.join(", ")}.`);
}
