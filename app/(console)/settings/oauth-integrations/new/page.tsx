import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/console/forbidden";
import { IntegrationForm } from "@/components/integrations/integration-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { integrationSchemaPolicy, publicUrl } from "@/lib/config";
import { checkIntegrationValuesAction, createIntegrationAction, fetchConfigurationAction } from "../actions";

export const metadata: Metadata = { title: "Add Integration" };

export default async function NewIntegrationPage() {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_WRITE")) return <Forbidden authority="OAUTH_INTEGRATION_WRITE" />;
  return (
    <>
      <PageHeader
        title="Add Integration"
        description={
          <>
            Connect an OpenID Connect identity provider. People who already have a Keyway account can then sign in with
            it.{" "}
            <Link href="/settings/oauth-integrations" className="text-indigo-700 underline">
              Back to OAuth Integrations
            </Link>
          </>
        }
      />
      <Card>
        <IntegrationForm
          mode="create"
          publicUrl={publicUrl()}
          policy={integrationSchemaPolicy()}
          action={createIntegrationAction}
          fetchConfiguration={fetchConfigurationAction}
          checkAction={checkIntegrationValuesAction}
        />
      </Card>
    </>
  );
}
