// Readiness probe: 200 when this replica can serve sign-ins (database answers, every migration applied, providers
// load, not shutting down), else 503 with the reasons (lib/ops/readiness.ts).
import { readiness } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const result = await readiness();
  return Response.json(result, {
    status: result.status === "ready" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
