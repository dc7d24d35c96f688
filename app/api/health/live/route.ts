// Liveness probe: the process answers HTTP. Touches no database (a database outage must not get replicas killed).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
