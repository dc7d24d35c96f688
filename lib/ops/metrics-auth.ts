// Who may read /api/metrics: a bearer token equal to KEYWAY_METRICS_TOKEN.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * "disabled" when no token is configured, "allowed" for `Authorization: Bearer <token>`, else "denied".
 * Why hash then timingSafeEqual: the comparison takes the same time whatever the sent value and its length.
 */
export function metricsAuthorization(
  token: string | undefined,
  authorization: string | null,
): "disabled" | "allowed" | "denied" {
  if (!token) return "disabled";
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  if (!match) return "denied";
  return timingSafeEqual(digest(match[1]!), digest(token)) ? "allowed" : "denied";
}
