// Check 3: an authorization request with this client's ID and Keyway's Redirect URI (PKCE, state, nonce) is
// accepted (a login page or a redirect), not refused with a redirect_uri or client error.
import "server-only";
import { randomBytes } from "node:crypto";
import { FIX_HINTS } from "./hints";
import { ask, describeAnswer, isResult, oauthErrorOf } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

const random = () => randomBytes(32).toString("base64url");

export function authorizationProbeUrl(target: CheckTarget): string {
  const url = new URL(target.authorizationUrl);
  url.search = new URLSearchParams({
    client_id: target.clientId,
    redirect_uri: target.redirectUri,
    response_type: "code",
    scope: "openid email profile",
    state: random(),
    nonce: random(),
    // Only the challenge's shape matters: the request is never completed.
    code_challenge: random(),
    code_challenge_method: "S256",
  }).toString();
  return url.href;
}

/** Some IdPs (Entra's AADSTS50011, for one) answer a refused redirect_uri with an HTML page and HTTP 200. */
export function refusesRedirectUri(html: string): boolean {
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .toLowerCase();
  return (
    /redirect[_ ]?ur[il][^.]{0,80}(does not match|doesn't match|mismatch|not registered|not valid|invalid)/.test(
      text,
    ) || /(invalid|unregistered|mismatched) (parameter: )?redirect[_ ]?ur[il]/.test(text)
  );
}

export async function checkRedirectUri(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  const answer = await ask("redirectUri", authorizationProbeUrl(target), ctx);
  if (isResult(answer)) return answer;
  const location = answer.headers.get("location");
  if (answer.status >= 300 && answer.status < 400 && location) {
    const next = new URL(location, target.authorizationUrl);
    const error = next.searchParams.get("error");
    if (next.href.startsWith(target.redirectUri) && error) {
      return result(
        "redirectUri",
        "fail",
        `The IdP accepted the Redirect URI but answered error=${error} (${next.searchParams.get("error_description") ?? ""}).`,
        "Allow the authorization-code grant and the openid, email and profile scopes for this client at the IdP.",
      );
    }
    return result(
      "redirectUri",
      "pass",
      `The IdP accepted ${target.redirectUri} and went on to its sign-in (HTTP ${answer.status} to ${next.origin}${next.pathname}).`,
    );
  }
  const { error, description } = oauthErrorOf(answer.body);
  const text = `${error ?? ""} ${description ?? ""}`.toLowerCase();
  if (answer.status === 200 && refusesRedirectUri(answer.body)) {
    return result(
      "redirectUri",
      "fail",
      `The IdP's page (HTTP 200) refuses the Redirect URI ${target.redirectUri}.`,
      `${FIX_HINTS.redirectUri} Register: ${target.redirectUri}`,
    );
  }
  if (answer.status === 200 && !error)
    return result("redirectUri", "pass", `The IdP showed its sign-in page for ${target.redirectUri}.`);
  if (text.includes("redirect")) {
    return result(
      "redirectUri",
      "fail",
      `The IdP refused the Redirect URI ${target.redirectUri}: ${describeAnswer(answer)}.`,
      `${FIX_HINTS.redirectUri} Register: ${target.redirectUri}`,
    );
  }
  if (text.includes("client")) {
    return result(
      "redirectUri",
      "fail",
      `The IdP refused the client ${target.clientId}: ${describeAnswer(answer)}.`,
      FIX_HINTS.clientUnknown,
    );
  }
  return result(
    "redirectUri",
    "fail",
    `The IdP refused the authorization request: ${describeAnswer(answer)}.`,
    `${FIX_HINTS.redirectUri} Register: ${target.redirectUri}`,
  );
}
