// What a new SSO session keeps for logout: the IdP's `sid` (back-channel logout names sessions by it) and the
// id_token sealed (RP-initiated logout sends it back as id_token_hint). Server-side only.
import "server-only";
import { decodeJwt } from "jose";
import { seal } from "@/lib/crypto/seal";

export type KeptForLogout = { idpSid: string | null; idTokenSealed: string | null };

/**
 * `idToken` has already been verified by this sign-in's code exchange (token-exchange.ts), so decoding is enough.
 * Why sealed: an id_token is a bearer credential for id_token_hint; it lives only in the session row, encrypted.
 */
export function keptForLogout(idToken: unknown): KeptForLogout {
  if (typeof idToken !== "string" || !idToken) return { idpSid: null, idTokenSealed: null };
  let sid: unknown;
  try {
    sid = decodeJwt(idToken).sid;
  } catch {
    sid = undefined;
  }
  return {
    idpSid: typeof sid === "string" && sid && sid.length <= 255 ? sid : null,
    idTokenSealed: seal(idToken),
  };
}
