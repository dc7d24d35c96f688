// An integration's health: the badge (one rule, lib/integrations/health.ts), the summary and recent attempts.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { HEALTH_LABELS, type HealthState } from "@/lib/integrations/health";
import type { IntegrationHealth } from "@/lib/integrations/sign-in-attempts";

const TONES: Record<HealthState, BadgeTone> = {
  healthy: "green",
  failing: "red",
  "never-used": "gray",
  disabled: "gray",
};
const OUTCOMES: Record<string, string> = { success: "Signed in", refused: "Refused", failed: "Failed" };

export function HealthBadge({ state }: { state: HealthState }) {
  return <Badge tone={TONES[state]}>{HEALTH_LABELS[state]}</Badge>;
}

export function HealthSummary({ health }: { health: IntegrationHealth }) {
  const failure = health.lastFailure;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2" aria-label="Sign-in health">
      <dt className="text-slate-600">Health</dt>
      <dd>
        <HealthBadge state={health.state} />
      </dd>
      <dt className="text-slate-600">Last success</dt>
      <dd data-testid="health-last-success">
        <DateTimeText value={health.lastSuccessAt} />
      </dd>
      <dt className="text-slate-600">Last failure</dt>
      <dd data-testid="health-last-failure">
        {failure ? (
          <>
            <DateTimeText value={failure.at} /> — <code className="font-mono text-xs">{failure.code}</code>:{" "}
            {signInErrorMessage(failure.code)}
          </>
        ) : (
          <span className="text-slate-500">Never</span>
        )}
      </dd>
      <dt className="text-slate-600">Last 24 hours</dt>
      <dd data-testid="health-last-24h">
        {health.last24h.successes} successful, {health.last24h.failures} failed or refused
      </dd>
    </dl>
  );
}

export type AttemptRow = { id: string; outcome: string; code: string | null; createdAt: Date };

export function RecentAttempts({ attempts }: { attempts: AttemptRow[] }) {
  if (attempts.length === 0) return <p className="text-slate-600">No sign-in attempts yet.</p>;
  return (
    <Table aria-label="Recent sign-in attempts">
      <THead>
        <Tr>
          <Th>Time</Th>
          <Th>Outcome</Th>
          <Th>Code</Th>
        </Tr>
      </THead>
      <TBody>
        {attempts.map((a) => (
          <Tr key={a.id}>
            <Td>
              <DateTimeText value={a.createdAt} />
            </Td>
            <Td>{OUTCOMES[a.outcome] ?? a.outcome}</Td>
            <Td>
              {a.code ? (
                <code className="font-mono text-xs" title={signInErrorMessage(a.code)}>
                  {a.code}
                </code>
              ) : (
                "—"
              )}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
