// keyway_integration_drift, refreshed from the database before each scrape: the drift watch runs on one replica,
// yet every replica answers with every integration's current verdict.
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";
import { DRIFT_STATES } from "@/lib/integrations/drift/judge";
import { metrics } from "./metrics";

export async function refreshDriftGauge(db: Db = defaultDb): Promise<void> {
  const rows = await db.integrationDriftState.findMany({
    select: { state: true, integration: { select: { registrationId: true } } },
  });
  const gauge = metrics().integrationDrift;
  gauge.reset();
  for (const row of rows)
    for (const state of DRIFT_STATES)
      gauge.set({ integration: row.integration.registrationId, state }, row.state === state ? 1 : 0);
}
