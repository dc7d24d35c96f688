// Check 5: a token request with a deliberately invalid code, authenticated with the configured method and
// secret. invalid_grant means the credentials were accepted; invalid_client / 401 means they were refused — then
// the other method is tried, to say whether it would be accepted.
import "server-only";
import { randomBytes } from "node:crypto";
import { clientJwksUriFor } from "@/lib/config";
import type { OutboundAnswer } from "@/lib/http/outbound";
import { clientAssertionParams, NoClientKeyError } from "../client-keys/assertion";
import { FIX_HINTS } from "./hints";
import { ask, describeAnswer, isResult, oauthErrorOf } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

type Method = "client_secret_post" | "client_secret_basic" | "private_key_jwt";
const LABEL: Record<Method, string> = {
  client_secret_post: "Post",
  client_secret_basic: "Basic",
  private_key_jwt: "Private key JWT",
};

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");

async function tokenRequest(target: CheckTarget, method: Method, ctx: CheckContext) {
  const form = new URLSearchParams({
    grant_type: "authorization_code",
    // Why random and marked: it can never be a real code, so nothing is ever issued by this probe.
    code: `keyway-connection-check-${randomBytes(16).toString("hex")}`,
    redirect_uri: target.redirectUri,
    code_verifier: randomBytes(32).toString("base64url"),
  });
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (method === "private_key_jwt") {
    // The same signed assertion a sign-in sends (its kid, x5t and x5t#S256), so the probe proves the IdP's setup.
    const { registrationId = "", clientId, tokenUri } = target;
    const params = await clientAssertionParams({ registrationId, clientId, audience: tokenUri });
    for (const [name, value] of Object.entries(params)) form.set(name, value);
  } else if (method === "client_secret_basic") {
    headers.authorization = `Basic ${Buffer.from(`${formEncode(target.clientId)}:${formEncode(target.clientSecret)}`).toString("base64")}`;
  } else {
    form.set("client_id", target.clientId);
    form.set("client_secret", target.clientSecret);
  }
  return ask("token", target.tokenUri, ctx, { method: "POST", headers, body: form.toString() });
}

type Verdict = "accepted" | "refused" | "other";
function verdictOf(answer: OutboundAnswer): Verdict {
  const { error } = oauthErrorOf(answer.body);
  if (error === "invalid_grant") return "accepted";
  if (error === "invalid_client" || error === "unauthorized_client" || answer.status === 401) return "refused";
  return "other";
}

/** Private key JWT: one probe with the signing key; there is no other method to compare with. */
async function checkTokenWithKey(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  let answer;
  try {
    answer = await tokenRequest(target, "private_key_jwt", ctx);
  } catch (error) {
    if (!(error instanceof NoClientKeyError)) throw error;
    return result(
      "token",
      "warning",
      "This integration has no Private key JWT signing key yet, so the token request could not be signed.",
      "Save the integration: Keyway generates its key pair, then register its JWKS URL or certificate at the IdP.",
    );
  }
  if (isResult(answer)) return answer;
  const seen = `With Private key JWT, ${target.tokenUri} answered ${describeAnswer(answer)}`;
  const verdict = verdictOf(answer);
  if (verdict === "accepted")
    return result(
      "token",
      "pass",
      `${seen}: the signed client assertion was accepted (the test code was refused, as intended).`,
    );
  if (verdict === "refused")
    return result(
      "token",
      "fail",
      `${seen}: the IdP refused Keyway's signed client assertion.`,
      `Register this client for private_key_jwt at the IdP with Keyway's keys: the JWKS URL ${clientJwksUriFor(target.registrationId ?? "")}, or upload the certificate shown on this integration's page.`,
    );
  return result(
    "token",
    answer.status === 404 || answer.status >= 500 ? "fail" : "warning",
    `${seen}; expected invalid_grant.`,
    "Set Token URI to the IdP's token_endpoint and check that the client may use the authorization-code grant.",
  );
}

export async function checkToken(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  if (target.clientAuthMethod === "private_key_jwt") return checkTokenWithKey(target, ctx);
  const method: Method =
    target.clientAuthMethod === "client_secret_basic" ? "client_secret_basic" : "client_secret_post";
  const answer = await tokenRequest(target, method, ctx);
  if (isResult(answer)) return answer;
  const seen = `With ${LABEL[method]}, ${target.tokenUri} answered ${describeAnswer(answer)}`;
  const verdict = verdictOf(answer);
  if (verdict === "accepted")
    return result(
      "token",
      "pass",
      `${seen}: the client credentials were accepted (the test code was refused, as intended).`,
    );
  if (verdict === "other") {
    return result(
      "token",
      answer.status === 404 || answer.status >= 500 ? "fail" : "warning",
      `${seen}; expected invalid_grant.`,
      "Set Token URI to the IdP's token_endpoint and check that the client may use the authorization-code grant.",
    );
  }
  const other: Method = method === "client_secret_post" ? "client_secret_basic" : "client_secret_post";
  const retry = await tokenRequest(target, other, ctx);
  if (!isResult(retry) && verdictOf(retry) === "accepted") {
    return result(
      "token",
      "fail",
      `${seen}: the IdP refused the client credentials sent with ${LABEL[method]}. Sent with ${LABEL[other]}, they were accepted.`,
      `Set Client Authentication Method to ${LABEL[other]} (the IdP registered this client for ${other}).`,
    );
  }
  return result(
    "token",
    "fail",
    `${seen}: the IdP refused the client credentials (with ${LABEL[other]} too).`,
    FIX_HINTS.clientAuth,
  );
}
