// Check 1: the IdP's discovery document (when it publishes one) names the configured Issuer and endpoints.
import "server-only";
import { jsonObjectOf } from "@/lib/http/outbound";
import { discoveryCandidates } from "../discovery";
import { FIX_HINTS } from "./hints";
import { ask, isResult } from "./request";
import { type CheckContext, type CheckResult, type CheckTarget, result } from "./types";

const ENDPOINTS = [
  ["authorization_endpoint", "authorizationUrl", "Authorization URL"],
  ["token_endpoint", "tokenUri", "Token URI"],
  ["userinfo_endpoint", "userInfoUri", "User Info URI"],
  ["jwks_uri", "jwksUri", "JWK Set URI"],
] as const;

function documentUrls(target: CheckTarget): string[] {
  const fromIssuer =
    target.issuer && URL.canParse(target.issuer)
      ? [`${target.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`]
      : [];
  return [...new Set([...fromIssuer, ...discoveryCandidates(target.authorizationUrl)])];
}

export async function checkDiscovery(target: CheckTarget, ctx: CheckContext): Promise<CheckResult> {
  for (const url of documentUrls(target)) {
    const answer = await ask("discovery", url, ctx);
    if (isResult(answer)) {
      // An unreachable host will not answer the next candidate either.
      return answer;
    }
    const doc = answer.status === 200 ? jsonObjectOf(answer) : null;
    if (!doc || typeof doc.issuer !== "string") continue;
    return judgeDocument(target, url, doc);
  }
  const tried = documentUrls(target);
  return result(
    "discovery",
    "warning",
    `No discovery document found (tried ${tried.length} places, e.g. ${tried[0]}).`,
    "Optional: without one, each endpoint is checked on its own below. Check the Issuer if the IdP does publish one.",
  );
}

export function judgeDocument(target: CheckTarget, url: string, doc: Record<string, unknown>): CheckResult {
  const issuer = doc.issuer as string;
  const issuerNote = target.issuer
    ? `names issuer ${issuer}`
    : `names issuer ${issuer} (Keyway will use it, as the Issuer field is empty)`;
  if (target.issuer && issuer !== target.issuer) {
    let why = "";
    if (issuer.replace(/\/+$/, "") === target.issuer.replace(/\/+$/, ""))
      why = " They differ only by a trailing slash, which still counts: issuers are compared exactly.";
    if (/\{tenant(id)?\}/i.test(issuer))
      why = " The document names a {tenantid} placeholder (a multi-tenant endpoint): use your tenant's own issuer URL.";
    return result(
      "discovery",
      "fail",
      `The discovery document (${url}) names the issuer ${issuer}; Keyway is configured with ${target.issuer}.${why}`,
      `${FIX_HINTS.issuer} Here: ${issuer}`,
    );
  }
  const differences = ENDPOINTS.filter(
    ([key, field]) => typeof doc[key] === "string" && doc[key] !== target[field],
  ).map(([key, field, label]) => `${label} is ${target[field]} but the IdP publishes ${key} ${doc[key] as string}`);
  if (differences.length > 0) {
    return result(
      "discovery",
      "warning",
      `Issuer ${issuer} matches. ${differences.join("; ")}.`,
      "Use the endpoints from the discovery document unless your IdP documents otherwise.",
    );
  }
  return result("discovery", "pass", `${url} ${issuerNote} and the configured endpoints.`);
}
