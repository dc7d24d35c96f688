// One integration as the JSON API and the page read it: its settings (never a secret), its client secrets'
// bookkeeping during a rotation, its drift verdict and whether a draft is waiting.
import "server-only";
import { type Db, db as defaultDb } from "@/lib/db";
import { getIntegration } from "./queries";
import { secretsStatus } from "./rotation/secrets";
import { draftSummary } from "./rollout/draft";
import { driftOf } from "./drift/watch";

export async function integrationDetails(registrationId: string, client: Db = defaultDb) {
  const integration = await getIntegration(registrationId);
  if (!integration) return null;
  const [secrets, draft, drift] = await Promise.all([
    secretsStatus(integration, client),
    draftSummary(registrationId, client),
    driftOf(integration.id, client),
  ]);
  // drift: the watch's verdict (null until the first check), with what changed since when.
  const driftView = drift
    ? { state: drift.state, since: drift.since, changes: drift.changes, checkedAt: drift.lastCheckAt }
    : null;
  return { ...integration, secrets, draft, drift: driftView };
}
export type IntegrationFullDetails = NonNullable<Awaited<ReturnType<typeof integrationDetails>>>;
