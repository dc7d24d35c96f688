// Test sign-in state in the admin's browser, sealed (AES-GCM, lib/crypto/seal.ts) so it can be neither read nor
// forged: the pending flow (state, nonce, PKCE verifier) and then the result to show. Never a token.
import "server-only";
import { publicUrl } from "@/lib/config";
import { seal, unseal } from "@/lib/crypto/seal";

export const PENDING_COOKIE = "keyway.test-sign-in";
export const RESULT_COOKIE = "keyway.test-sign-in-result";

export function cookieOptions(path: string, maxAgeS: number) {
  // Lax: the IdP's redirect back is a top-level GET, which must carry the pending cookie; httpOnly: no script reads it.
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: publicUrl().startsWith("https://"),
    path,
    maxAge: maxAgeS,
  };
}

export function sealJson(value: unknown): string {
  return seal(JSON.stringify(value));
}

export function unsealJson<T>(sealed: string | undefined): T | null {
  if (!sealed) return null;
  try {
    return JSON.parse(unseal(sealed)) as T;
  } catch {
    return null;
  }
}
