import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/data-table";
import { DateTimeText } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { currentConfigVersion } from "@/lib/integrations/queries";
import { HEARTBEAT_INTERVAL_MS, INSTANCE_TIMEOUT_MS, instancesSummary, listLiveInstances } from "@/lib/ops/instances";
import { processState } from "@/lib/ops/process-state";

export const metadata: Metadata = { title: "Instances" };

// Settings > Instances: every live replica (heartbeat rows) and the config version each serves.
export default async function InstancesPage() {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_READ")) return <Forbidden authority="OAUTH_INTEGRATION_READ" />;
  const [instances, configVersion] = await Promise.all([listLiveInstances(), currentConfigVersion()]);

  const self = processState().instanceId;
  const now = new Date();
  const allCurrent = instances.every((i) => i.configVersion === configVersion);
  return (
    <>
      <PageHeader
        title="Instances"
        description={`Every Keyway server sharing this database. Each refreshes its row every ${HEARTBEAT_INTERVAL_MS / 1000} s; one not seen for ${INSTANCE_TIMEOUT_MS / 1000} s is gone and drops off this list.`}
      />
      <Card>
        <p className="flex flex-wrap items-center gap-2 text-base font-medium">
          <span data-testid="instances-summary">{instancesSummary(instances, configVersion)}</span>
          <Badge tone={allCurrent ? "green" : "amber"}>
            {allCurrent ? "In step" : "Not all on the current version"}
          </Badge>
        </p>
      </Card>
      <Table aria-label="Instances">
        <THead>
          <Tr>
            <Th>Instance</Th>
            <Th>Keyway</Th>
            <Th>Node.js</Th>
            <Th>Started</Th>
            <Th>Last seen</Th>
            <Th>Config version</Th>
            <Th>Integrations</Th>
            <Th>State</Th>
          </Tr>
        </THead>
        <TBody>
          {instances.map((i) => (
            <Tr key={i.id}>
              <Td className="font-mono text-xs">
                {i.id}
                {i.id === self ? <span className="ml-2 font-sans text-slate-500">(served this page)</span> : null}
              </Td>
              <Td>{i.version}</Td>
              <Td>{i.nodeVersion}</Td>
              <Td className="whitespace-nowrap">
                <DateTimeText value={i.startedAt} />
              </Td>
              <Td className="whitespace-nowrap">
                {Math.max(0, Math.round((now.getTime() - i.lastSeenAt.getTime()) / 1000))} s ago
              </Td>
              <Td>
                {i.configVersion ?? "—"} {i.configVersion !== configVersion ? <Badge tone="amber">behind</Badge> : null}
              </Td>
              <Td>
                {i.integrationsLoaded} loaded
                {i.integrationsSkipped ? (
                  <>
                    {" "}
                    <Badge tone="red">{i.integrationsSkipped} skipped</Badge>
                  </>
                ) : null}
              </Td>
              <Td>{i.draining ? <Badge tone="amber">Shutting down</Badge> : <Badge tone="green">Serving</Badge>}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </>
  );
}
