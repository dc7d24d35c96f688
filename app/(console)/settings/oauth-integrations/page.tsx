import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/console/forbidden";
import { IntegrationsTable } from "@/components/integrations/integrations-table";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { BROKEN_SECRET_REASON, brokenRegistrationIds } from "@/lib/integrations/broken";
import { listIntegrations } from "@/lib/integrations/queries";
import { healthFor } from "@/lib/integrations/sign-in-attempts";
import { driftStates } from "@/lib/integrations/drift/watch";

export const metadata: Metadata = { title: "OAuth Integrations" };

type Props = { searchParams: Promise<{ deleted?: string }> };

export default async function OAuthIntegrationsPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_READ")) return <Forbidden authority="OAUTH_INTEGRATION_READ" />;
  const integrations = await listIntegrations();
  const [health, drift, broken] = await Promise.all([
    healthFor(integrations),
    driftStates(integrations.map((i) => i.id)),
    brokenRegistrationIds(),
  ]);
  const rows = integrations.map((row) => ({
    ...row,
    health: health.get(row.registrationId)!,
    drift: drift.get(row.id)?.state ?? null,
    brokenReason: broken.has(row.registrationId) ? BROKEN_SECRET_REASON : null,
  }));
  const canWrite = hasAuthority(user, "OAUTH_INTEGRATION_WRITE");
  const { deleted } = await searchParams;
  return (
    <>
      <PageHeader
        title="OAuth Integrations"
        description="Identity providers people can sign in to Keyway with. Each enabled integration adds a button to the sign-in screen."
        actions={
          canWrite ? (
            <Link href="/settings/oauth-integrations/new" className={buttonClasses("primary")}>
              Add Integration
            </Link>
          ) : null
        }
      />
      {deleted ? (
        <Alert tone="success" title="Integration deleted">
          {deleted.slice(0, 40)} and its users&apos; links to it are gone; the users themselves are kept.
        </Alert>
      ) : null}
      {rows.length === 0 ? (
        <Card>
          <p className="text-slate-600">
            No integrations yet.{canWrite ? " Click Add Integration to connect your identity provider." : ""}
          </p>
        </Card>
      ) : (
        <IntegrationsTable rows={rows} />
      )}
    </>
  );
}
