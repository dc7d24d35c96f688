// The configurations an integration served (newest first, at most 20 kept) and Roll back to the previous one.
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import type { ActionResult } from "@/lib/authz/action-result";
import { VERSION_REASONS } from "@/lib/integrations/rollout/schema";
import { ActionButton } from "./action-button";

export type HistoryRow = { version: number; reason: string; createdAt: Date; createdByEmail: string | null };

type Props = {
  versions: HistoryRow[];
  /** Bound Roll back action (to the version before the live one), when the viewer may write and one is kept. */
  rollback?: () => Promise<ActionResult<{ restoredVersion: number }>>;
  doneHref: (restored: number) => string;
};

export function ConfigHistory({ versions, rollback, doneHref }: Props) {
  if (versions.length === 0) return <p className="text-slate-600">No configuration kept yet.</p>;
  const previous = versions[1];
  return (
    <div className="flex flex-col gap-3">
      <Table aria-label="Configuration history">
        <THead>
          <Tr>
            <Th>Version</Th>
            <Th>Live since</Th>
            <Th>By</Th>
            <Th>How</Th>
          </Tr>
        </THead>
        <TBody>
          {versions.map((v, i) => (
            <Tr key={v.version}>
              <Td className="font-mono">
                {v.version}
                {i === 0 ? <span className="ml-2 font-sans text-xs text-green-700">live</span> : null}
              </Td>
              <Td>
                <DateTimeText value={v.createdAt} />
              </Td>
              <Td>{v.createdByEmail ?? "—"}</Td>
              <Td>{VERSION_REASONS[v.reason] ?? v.reason}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {rollback && previous ? (
        <div className="flex items-center gap-3">
          <ActionButton label="Roll back" action={rollback} doneHref={doneHref(previous.version)} />
          <p className="text-xs text-slate-600">
            Restores version {previous.version} (settings and secret) as a new version, live at once.
          </p>
        </div>
      ) : null}
    </div>
  );
}
