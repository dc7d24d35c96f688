// next-auth asks openid-client to call the token, JWKS and userinfo endpoints with its own http stack. Those calls
// are triggered by signed-out visitors (any callback), so they must obey the same outbound policy as ours: every
// Issuer and Client gets openid-client's documented `custom.http_options` hook, answering the policy agent.
import { custom, Issuer } from "openid-client";
import { OUTBOUND_TIMEOUT_MS, policyAgentFor } from "./outbound";

type HttpOptionsHook = (url: URL, options: Record<string, unknown>) => Record<string, unknown>;
const hook: HttpOptionsHook = (url, options) => ({
  ...options,
  agent: policyAgentFor(url),
  timeout: OUTBOUND_TIMEOUT_MS,
});

let installed = false;

/** Idempotent. Sets the hook on the Issuer and base Client prototypes, so instances next-auth builds inherit it. */
export function installOpenidClientPolicy(): void {
  if (installed) return;
  const probe = new Issuer({ issuer: "https://policy.invalid" });
  const baseClient = Object.getPrototypeOf(probe.Client) as { prototype: object };
  for (const prototype of [Issuer.prototype, baseClient.prototype]) {
    Object.defineProperty(prototype, custom.http_options, { value: hook, writable: true, configurable: true });
  }
  installed = true;
}
