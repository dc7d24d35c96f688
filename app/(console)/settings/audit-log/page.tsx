import type { Metadata } from "next";
import Link from "next/link";
import { AuditChanges } from "@/components/audit/audit-changes";
import { AuditActor, type AuditLinks, AuditTarget } from "@/components/audit/audit-target";
import { Forbidden } from "@/components/console/forbidden";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { AUDIT_ACTIONS } from "@/lib/audit-actions";
import { describeAuditDetails, emailsIn } from "@/lib/audit-details";
import {
  type AuditEventRow,
  auditReferences,
  decodeCursor,
  listAuditEvents,
  parseAuditFilters,
  resolveUserTarget,
} from "@/lib/audit-log";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";

export const metadata: Metadata = { title: "Audit Log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "AUDIT_READ")) return <Forbidden authority="AUDIT_READ" />;
  const params = await searchParams;
  const filters = parseAuditFilters(params);
  const { events, next } = await listAuditEvents(
    await resolveUserTarget(filters),
    decodeCursor(typeof params.cursor === "string" ? params.cursor : undefined),
  );
  const rows = events.map((event) => ({ event, items: describeAuditDetails(event.details, event.targetId) }));
  const refs = await auditReferences({
    userIds: events
      .flatMap((e) => [e.actorId, e.targetType === "user" ? e.targetId : null])
      .filter((id) => !!id) as string[],
    emails: rows.flatMap((r) => emailsIn(r.items)),
    registrationIds: events.flatMap((e) => (e.targetType === "integration" && e.targetId ? [e.targetId] : [])),
  });
  const canSeeUsers = hasAuthority(user, "USER_READ");
  const canSeeIntegrations = hasAuthority(user, "OAUTH_INTEGRATION_READ");
  const links: AuditLinks = {
    userEmail: (id) => refs.usersById.get(id),
    userHref: (email) => {
      const id = refs.usersByEmail.get(email);
      return canSeeUsers && id ? `/settings/users/${encodeURIComponent(id)}` : null;
    },
    integrationHref: (registrationId) =>
      canSeeIntegrations && refs.integrations.has(registrationId)
        ? `/settings/oauth-integrations/${encodeURIComponent(registrationId)}`
        : null,
  };
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
            <Input
              name="target"
              type="text"
              defaultValue={target}
              placeholder="integration:acme-sso or user:ann@example.com"
            />
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
        <Table aria-label="Audit events" className="table-fixed">
          <colgroup>
            <col className="w-48" />
            <col className="w-64" />
            <col />
          </colgroup>
          <THead>
            <Tr>
              <Th>When and who</Th>
              <Th>Event</Th>
              <Th>Changes</Th>
            </Tr>
          </THead>
          <TBody>
            {rows.map(({ event, items }) => (
              <Tr key={event.id}>
                <Td className="align-top">
                  <span className="block text-xs text-slate-500">
                    <DateTimeText value={event.createdAt} />
                  </span>
                  <AuditActor event={event} links={links} />
                </Td>
                <Td className="align-top">
                  <span className="block font-mono text-xs break-words text-slate-700">{event.action}</span>
                  <AuditTarget event={event} links={links} />
                  <TargetFilterLink event={event} links={links} query={query} />
                </Td>
                <Td className="align-top">
                  <AuditChanges items={items} userHref={links.userHref} />
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

/** "Filter": only this target's events (users named by email in the filter, as everywhere on the page). */
function TargetFilterLink({
  event,
  links,
  query,
}: {
  event: AuditEventRow;
  links: AuditLinks;
  query: (extra: Record<string, string>) => string;
}) {
  if (!event.targetId) return null;
  const name = event.targetType === "user" ? links.userEmail(event.targetId) : event.targetId;
  if (!name) return null;
  return (
    <Link
      href={`/settings/audit-log${query({ target: `${event.targetType}:${name}` })}`}
      aria-label={`Filter: only events of ${name}`}
      className="ml-2 inline-block text-xs whitespace-nowrap text-slate-600 underline hover:text-slate-900"
    >
      Filter
    </Link>
  );
}
