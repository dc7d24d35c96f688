// The drift watch in the console: the badge (list and page), the banner saying what changed since when and what to do,
// and the kept check results.
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import { DRIFT_LABELS, type DriftChange, type DriftState } from "@/lib/integrations/drift/judge";

const TONES: Record<DriftState, BadgeTone> = {
  ok: "green",
  "idp-down": "red",
  drifted: "amber",
  "people-failing": "amber",
};

/** Shown only when something is wrong: a quiet list stays quiet. */
export function DriftBadge({ state }: { state: DriftState | null | undefined }) {
  if (!state || state === "ok") return null;
  return <Badge tone={TONES[state]}>{DRIFT_LABELS[state]}</Badge>;
}

const TITLES: Record<Exclude<DriftState, "ok">, string> = {
  "idp-down": "The IdP is down",
  drifted: "Configuration drifted",
  "people-failing": "People are failing to sign in",
};

export type DriftView = { state: DriftState; since: Date; changes: DriftChange[]; lastCheckAt: Date };

export function DriftBanner({ drift, actions }: { drift: DriftView; actions?: ReactNode }) {
  if (drift.state === "ok") return null;
  return (
    <div data-testid="drift-banner">
      <Alert tone={drift.state === "idp-down" ? "error" : "warning"} title={`${TITLES[drift.state]}`}>
        <div className="flex flex-col gap-2">
          <p>
            Since <DateTimeText value={drift.since} /> (last checked <DateTimeText value={drift.lastCheckAt} />
            ):
          </p>
          <ul className="flex list-disc flex-col gap-1.5 pl-5">
            {drift.changes.map((c, i) => (
              <li key={i}>
                <span>{c.message}</span>
                <br />
                <span className="font-medium">What to do: </span>
                {c.fix}
              </li>
            ))}
          </ul>
          {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
        </div>
      </Alert>
    </div>
  );
}

export type DriftCheckRow = { id: string; checkedAt: Date; trigger: string; state: string; changes: unknown };

const TRIGGERS: Record<string, string> = { schedule: "Scheduled", burst: "After failed sign-ins", manual: "Check now" };

export function DriftChecks({ checks }: { checks: DriftCheckRow[] }) {
  if (checks.length === 0) return <p className="text-slate-600">Not checked yet.</p>;
  return (
    <Table aria-label="Drift checks">
      <THead>
        <Tr>
          <Th>Checked</Th>
          <Th>Why</Th>
          <Th>Verdict</Th>
          <Th>What differed</Th>
        </Tr>
      </THead>
      <TBody>
        {checks.map((c) => {
          const changes = Array.isArray(c.changes) ? (c.changes as DriftChange[]) : [];
          return (
            <Tr key={c.id}>
              <Td className="whitespace-nowrap">
                <DateTimeText value={c.checkedAt} />
              </Td>
              <Td>{TRIGGERS[c.trigger] ?? c.trigger}</Td>
              <Td>{DRIFT_LABELS[c.state as DriftState] ?? c.state}</Td>
              <Td className="text-xs">{changes.length ? changes.map((x) => x.message).join(" ") : "—"}</Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
