// The list of configured integrations, with their health at a glance.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DateTimeText } from "@/components/ui/date-time";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import type { IntegrationHealth } from "@/lib/integrations/sign-in-attempts";
import { HealthBadge } from "./health";
import { DriftBadge } from "./drift";
import type { DriftState } from "@/lib/integrations/drift/judge";
import { CLIENT_AUTH_METHOD_LABELS, type ClientAuthMethod, PROVIDERS } from "@/lib/integrations/schema";

export type IntegrationRow = {
  registrationId: string;
  provider: string;
  loginButtonText: string;
  clientAuthMethod: string;
  enabled: boolean;
  createdByEmail: string | null;
  createdAt: Date;
  health: IntegrationHealth;
  /** The drift watch's verdict (null before the first check). */
  drift?: DriftState | null;
  /** Why Keyway cannot use it as configured (e.g. its client secret cannot be decrypted), or null. */
  brokenReason?: string | null;
};

export function IntegrationsTable({ rows }: { rows: IntegrationRow[] }) {
  return (
    <Table aria-label="OAuth integrations">
      <THead>
        <Tr>
          <Th>Registration ID</Th>
          <Th>Provider</Th>
          <Th>Login Button Text</Th>
          <Th>Client Authentication Method</Th>
          <Th>Enabled</Th>
          <Th>Health</Th>
          <Th>Last 24 h</Th>
          <Th>Created</Th>
        </Tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.registrationId}>
            <Td>
              <Link
                href={`/settings/oauth-integrations/${row.registrationId}`}
                className="font-mono text-indigo-700 hover:underline"
              >
                {row.registrationId}
              </Link>
            </Td>
            <Td>{PROVIDERS[row.provider as keyof typeof PROVIDERS] ?? row.provider}</Td>
            <Td>{row.loginButtonText}</Td>
            <Td>{CLIENT_AUTH_METHOD_LABELS[row.clientAuthMethod as ClientAuthMethod] ?? row.clientAuthMethod}</Td>
            <Td>{row.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="gray">Disabled</Badge>}</Td>
            <Td>
              <div className="flex flex-col items-start gap-1">
                {row.brokenReason ? <Badge tone="red">{row.brokenReason}</Badge> : null}
                <span className="flex gap-1">
                  <HealthBadge state={row.health.state} />
                  <DriftBadge state={row.drift} />
                </span>
                <span className="text-xs text-slate-600">
                  Last success: <DateTimeText value={row.health.lastSuccessAt} />
                </span>
                {row.health.lastFailure ? (
                  <span className="text-xs text-slate-600">
                    Last failure: <DateTimeText value={row.health.lastFailure.at} /> ({row.health.lastFailure.code})
                  </span>
                ) : null}
              </div>
            </Td>
            <Td className="text-xs whitespace-nowrap text-slate-700">
              {row.health.last24h.successes} ok / {row.health.last24h.failures} failed
            </Td>
            <Td className="text-slate-600">
              {row.createdByEmail ?? "—"}
              <br />
              <span className="text-xs">
                <DateTimeText value={row.createdAt} />
              </span>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
