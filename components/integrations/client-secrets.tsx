// The integration page's client secrets during a rotation: per secret when it was added and when the IdP last
// accepted or refused it for a sign-in; the Promote next secret offer once the IdP uses only the next one.
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import type { ActionResult } from "@/lib/authz/action-result";
import type { SecretsStatus, SecretUse } from "@/lib/integrations/rotation/status";
import { PROMOTION_ACCEPTANCES } from "@/lib/integrations/rotation/status";
import { ActionButton } from "./action-button";

type Props = {
  secrets: SecretsStatus;
  /** Bound Promote next secret action, when the viewer may write. */
  promote?: () => Promise<ActionResult<unknown>>;
  doneHref: string;
};

function Row({ slot, label, use, note }: { slot: string; label: string; use: SecretUse; note?: ReactNode }) {
  return (
    <Tr>
      <Th scope="row" className="text-sm text-slate-900">
        {label}
        {note ? <div className="text-xs font-normal text-slate-600">{note}</div> : null}
      </Th>
      <Td data-testid={`secret-${slot}-added`}>
        <DateTimeText value={use.addedAt} empty="—" />
      </Td>
      <Td data-testid={`secret-${slot}-last-accepted`}>
        <DateTimeText value={use.lastAcceptedAt} />
      </Td>
      <Td data-testid={`secret-${slot}-last-refused`}>
        <DateTimeText value={use.lastRejectedAt} />
      </Td>
    </Tr>
  );
}

export function ClientSecrets({ secrets, promote, doneHref }: Props) {
  const { current, next } = secrets;
  return (
    <div className="flex flex-col gap-3">
      {secrets.promotionSuggested && promote ? (
        <Alert tone="warning" title="The IdP now accepts only the next secret">
          <div className="flex flex-col gap-2">
            <p>
              It accepted the next secret {next?.acceptedAfterRejection} times right after refusing the current one (at
              least {PROMOTION_ACCEPTANCES} are needed for this offer). Sign-ins work by falling back to it; promote it
              so they stop trying the old secret first.
            </p>
            <ActionButton label="Promote next secret" action={promote} doneHref={doneHref} variant="primary" />
          </div>
        </Alert>
      ) : null}
      <Table aria-label="Client secrets">
        <THead>
          <Tr>
            <Th>Secret</Th>
            <Th>Added</Th>
            <Th>Last accepted by the IdP</Th>
            <Th>Last refused by the IdP</Th>
          </Tr>
        </THead>
        <TBody>
          <Row slot="current" label="Current" use={current} />
          {next ? (
            <Row
              slot="next"
              label="Next"
              use={next}
              note={
                next.usable
                  ? `Tried when the IdP refuses the current one${next.addedByEmail ? `; added by ${next.addedByEmail}` : ""}`
                  : "Not used: it was entered for another Token URI origin. Enter it again."
              }
            />
          ) : null}
        </TBody>
      </Table>
      <p className="text-xs text-slate-600">
        Times are from real sign-ins (token requests). The secrets themselves are stored encrypted and never shown.
      </p>
      {next && promote && !secrets.promotionSuggested ? (
        <ActionButton label="Promote next secret" action={promote} doneHref={doneHref} />
      ) : null}
    </div>
  );
}
