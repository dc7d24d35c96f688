// One look at an integration's IdP for the drift watch, with the connection doctor's own pieces: its discovery
// candidates, its usable-key rule (signingAlgOf), the same token probe as Check connection (current and next secret),
// and the IdP's clock from the JWKS answer. Every request goes through lib/http/outbound.ts.
import "server-only";
import { jsonObjectOf, OutboundError, outboundRequest, type OutboundAnswer } from "@/lib/http/outbound";
import { discoveryCandidates, WELL_KNOWN } from "../discovery";
import { FIX_HINTS } from "../checks/hints";
import { signingAlgOf } from "../checks/jwks";
import { checkToken } from "../checks/token";
import type { CheckContext, CheckResult, CheckTarget } from "../checks/types";
import type { Observation, Probe, TokenVerdict } from "./judge";

const ENDPOINT_KEYS = ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"] as const;
const PROBE_TIMEOUT_MS = 5_000;

async function get(url: string, ctx: CheckContext): Promise<OutboundAnswer | { down: true; error: string }> {
  try {
    const answer = await outboundRequest(url, { timeoutMs: ctx.timeoutMs, signal: ctx.signal, maxBytes: 256 * 1024 });
    if (answer.status >= 500) return { down: true, error: `${url} answered HTTP ${answer.status}.` };
    return answer;
  } catch (error) {
    if (error instanceof OutboundError) return { down: true, error: `${error.message} (${url})` };
    throw error;
  }
}

function documentUrls(target: CheckTarget): string[] {
  const fromIssuer = URL.canParse(target.issuer) ? [`${target.issuer.replace(/\/+$/, "")}${WELL_KNOWN}`] : [];
  return [...new Set([...fromIssuer, ...discoveryCandidates(target.authorizationUrl)])];
}

async function observeDiscovery(target: CheckTarget, ctx: CheckContext): Promise<Observation["discovery"]> {
  for (const url of documentUrls(target)) {
    const answer = await get(url, ctx);
    if ("down" in answer) return { ok: false, down: true, error: answer.error };
    const doc = answer.status === 200 ? jsonObjectOf(answer) : null;
    if (!doc || typeof doc.issuer !== "string") continue;
    const endpoints = Object.fromEntries(
      ENDPOINT_KEYS.filter((k) => typeof doc[k] === "string").map((k) => [k, doc[k] as string]),
    );
    return { ok: true, value: { url, issuer: doc.issuer, endpoints } };
  }
  return { ok: true, value: { missing: true } };
}

async function observeJwks(
  target: CheckTarget,
  ctx: CheckContext,
): Promise<{ jwks: Observation["jwks"]; clockSkewS: number | null }> {
  const before = Date.now();
  const answer = await get(target.jwksUri, ctx);
  if ("down" in answer) return { jwks: { ok: false, down: true, error: answer.error }, clockSkewS: null };
  const date = Date.parse(answer.headers.get("date") ?? "");
  // Date has 1 s resolution: compare with the middle of the round trip (as the Clock check does).
  const clockSkewS = Number.isNaN(date) ? null : Math.round((date - (before + Date.now()) / 2) / 1000);
  const doc = answer.status === 200 ? jsonObjectOf(answer) : null;
  if (!doc || !Array.isArray(doc.keys)) {
    const jwks: Probe<never> = {
      ok: false,
      down: false,
      error: `${target.jwksUri} answered HTTP ${answer.status}, not a JWK Set.`,
    };
    return { jwks, clockSkewS };
  }
  const keys = (doc.keys as Record<string, unknown>[]).flatMap((key) => {
    const verdict = signingAlgOf(key);
    return "alg" in verdict ? [{ kid: typeof key.kid === "string" ? key.kid : "(no kid)", alg: verdict.alg }] : [];
  });
  return { jwks: { ok: true, value: { keys } }, clockSkewS };
}

/** The token probe's verdict, from the doctor's own result (token.ts words its refusals and reachability). */
export function tokenVerdictOf(result: CheckResult): TokenVerdict {
  if (result.status === "pass") return "accepted";
  if (/refused the client credentials/.test(result.seen)) return "refused";
  if (result.fix === FIX_HINTS.unreachable || /answered HTTP 5\d\d/.test(result.seen)) return "down";
  return "other";
}

async function observeToken(target: CheckTarget, ctx: CheckContext): Promise<Observation["token"]> {
  const [current, next] = await Promise.all([
    checkToken(target, ctx),
    target.nextClientSecret ? checkToken({ ...target, clientSecret: target.nextClientSecret }, ctx) : null,
  ]);
  return { current: tokenVerdictOf(current), next: next ? tokenVerdictOf(next) : null, seen: current.seen };
}

export async function observeIdp(target: CheckTarget, now = new Date()): Promise<Observation> {
  const ctx: CheckContext = { timeoutMs: PROBE_TIMEOUT_MS, signal: AbortSignal.timeout(3 * PROBE_TIMEOUT_MS) };
  const [discovery, { jwks, clockSkewS }, token] = await Promise.all([
    observeDiscovery(target, ctx),
    observeJwks(target, ctx),
    observeToken(target, ctx),
  ]);
  return { at: now.toISOString(), discovery, jwks, token, clockSkewS };
}
