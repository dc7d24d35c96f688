// Prometheus metrics, for a scraper holding KEYWAY_METRICS_TOKEN (lib/ops/metrics.ts).
import { metricsAuthorization } from "@/lib/ops/metrics-auth";
import { refreshDriftGauge } from "@/lib/ops/drift-metrics";
import { metrics } from "@/lib/ops/metrics";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const auth = metricsAuthorization(process.env.KEYWAY_METRICS_TOKEN, request.headers.get("authorization"));
  // Why 404 when no token is set: metrics are off, and an endpoint nobody can use should not be advertised.
  if (auth === "disabled") return new Response("Not found", { status: 404 });
  if (auth === "denied") {
    return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  }
  const { registry } = metrics();
  // A database outage must not take the process metrics down with it: the drift gauge keeps its last values.
  await refreshDriftGauge().catch(() => undefined);
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
