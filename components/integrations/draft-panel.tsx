// The integration page's draft (staged rollout): who saved it when, its field-by-field diff against the live
// configuration, and the ways to try it (Test sign-in with draft, Sign in with draft), promote or discard it.
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import type { ActionResult } from "@/lib/authz/action-result";
import type { AuditChanges } from "@/lib/integrations/diff";
import { ActionButton } from "./action-button";
import { DraftSignInButton } from "./draft-sign-in-button";
import { fieldLabel } from "./field-labels";
import { TestSignInButton } from "./test-sign-in-button";

export type DraftView = {
  savedAt: Date;
  savedByEmail: string | null;
  baseVersion: number;
  liveChangedSince: boolean;
  changes: AuditChanges;
};

const show = (value: string | boolean) =>
  value === "" ? (
    <span className="text-slate-500">(empty)</span>
  ) : typeof value === "boolean" ? (
    value ? (
      "Yes"
    ) : (
      "No"
    )
  ) : (
    value
  );

export function DraftChanges({ changes }: { changes: AuditChanges }) {
  const rows = Object.entries(changes);
  if (rows.length === 0) return <p className="text-slate-600">The draft is the same as the live configuration.</p>;
  return (
    <Table aria-label="Draft changes">
      <THead>
        <Tr>
          <Th>Setting</Th>
          <Th>Live</Th>
          <Th>Draft</Th>
        </Tr>
      </THead>
      <TBody>
        {rows.map(([field, change]) => (
          <Tr key={field}>
            <Th scope="row" className="text-sm text-slate-900">
              {fieldLabel(field)}
            </Th>
            {change === "changed" ? (
              <Td colSpan={2}>A new secret (not shown)</Td>
            ) : (
              <>
                <Td className="break-all">{show(change.from)}</Td>
                <Td className="break-all">{show(change.to)}</Td>
              </>
            )}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

type Props = {
  registrationId: string;
  draft: DraftView;
  promote: () => Promise<ActionResult<unknown>>;
  discard: () => Promise<ActionResult<unknown>>;
  pageHref: string;
};

export function DraftPanel({ registrationId, draft, promote, discard, pageHref }: Props) {
  return (
    <Card
      title="Draft"
      description={
        <>
          Saved <DateTimeText value={draft.savedAt} /> by {draft.savedByEmail ?? "—"}. The live configuration keeps
          serving everyone until you promote it.
        </>
      }
    >
      <div className="flex flex-col gap-4">
        {draft.liveChangedSince ? (
          <Alert tone="warning" title="The live configuration changed since this draft was saved">
            The changes below are against the live configuration as it is now (the draft was made from version{" "}
            {draft.baseVersion}).
          </Alert>
        ) : null}
        <DraftChanges changes={draft.changes} />
        <div className="flex flex-wrap items-start gap-2">
          <TestSignInButton registrationId={registrationId} label="Test sign-in with draft" draft />
          <DraftSignInButton registrationId={registrationId} />
          <Link href={`${pageHref}/edit?draft=1`} className={buttonClasses("secondary")}>
            Edit draft
          </Link>
          <ActionButton
            label="Promote draft"
            action={promote}
            doneHref={`${pageHref}?draftPromoted=1`}
            variant="primary"
          />
          <ActionButton label="Discard draft" action={discard} doneHref={pageHref} variant="ghost" />
        </div>
        <p className="text-xs text-slate-600">
          Test sign-in with draft shows what a sign-in through the draft would do, without signing anyone in. Sign in
          with draft (admins only) signs you in through it for real, once.
        </p>
      </div>
    </Card>
  );
}
