import type { Metadata } from "next";
import Link from "next/link";
import { AuditChanges } from "@/components/audit/audit-changes";
import { Forbidden } from "@/components/console/forbidden";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { AUDIT_ACTIONS } from "@/lib/audit-actions";
import { decodeCursor, listAuditEvents, parseAuditFilters } from "@/lib/audit-log";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";

export const metadata: Metadata = { title: "Audit Log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "AUDIT_READ")) return <Forbidden authority="AUDIT_READ" />;
  const params = await searchParams;
  const filters = parseAuditFilters(params);
  const { events, next } = await listAuditEvents(
    filters,
    decodeCursor(typeof params.cursor === "string" ? params.cursor : undefined),
  );
  const target = filters.target ? `${filters.target.type}:${filters.target.id}` : "";
  const query = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...(filters.action ? { action: filters.action } : {}), ...(filters.actor ? { actor: filters.actor } : {}), ...(target ? { target } : {}), ...extra })}`;
  return (
    <>
      <PageHeader title="Audit Log" description="Who changed what, and every sign-in and refusal — newest first." />
      <Card>
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Action
            <Select name="action" defaultValue={filters.action ?? ""}>
              <option value="">Any action</option>
              {Object.keys(AUDIT_ACTIONS).map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </Select>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Actor
            <Input name="actor" type="text" defaultValue={filters.actor ?? ""} placeholder="email" />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Target
            <Input name="target" type="text" defaultValue={target} placeholder="integration:acme-sso or user:<id>" />
          </label>
          <button type="submit" className={buttonClasses("secondary")}>
            Filter
          </button>
          {filters.action || filters.actor || target ? (
            <Link href="/settings/audit-log" className="text-sm text-indigo-700 underline">
              Clear filters
            </Link>
          ) : null}
        </form>
      </Card>
      {events.length === 0 ? (
        <Card>
          <p className="text-slate-600">No events match.</p>
        </Card>
      ) : (
        <Table aria-label="Audit events">
          <THead>
            <Tr>
              <Th>Time</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>Changes</Th>
            </Tr>
          </THead>
          <TBody>
            {events.map((event) => (
              <Tr key={event.id}>
                <Td className="whitespace-nowrap align-top">
                  <DateTimeText value={event.createdAt} />
                </Td>
                <Td className="align-top">{event.actorEmail ?? "—"}</Td>
                <Td className="align-top font-mono text-xs">{event.action}</Td>
                <Td className="align-top">
                  {event.targetId ? (
                    <Link
                      className="text-indigo-700 underline"
                      href={`/settings/audit-log${query({ target: `${event.targetType}:${event.targetId}` })}`}
                    >
                      {event.targetType}:{event.targetId}
                    </Link>
                  ) : (
                    event.targetType
                  )}
                </Td>
                <Td className="align-top">
                  <AuditChanges details={event.details} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {next ? (
        <Link
          href={`/settings/audit-log${query({ cursor: next })}`}
          className={`${buttonClasses("secondary")} self-start`}
        >
          Older events
        </Link>
      ) : null}
    </>
  );
}
