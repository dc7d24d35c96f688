import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/console/forbidden";
import { IntegrationForm } from "@/components/integrations/integration-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { integrationSchemaPolicy, publicUrl } from "@/lib/config";
import { formatEmailDomains } from "@/lib/integrations/email-domains";
import { countLinkedAccounts, getIntegration } from "@/lib/integrations/queries";
import type { ClientAuthMethod } from "@/lib/integrations/schema";
import { checkIntegrationValuesAction, fetchConfigurationAction, updateIntegrationAction } from "../../actions";

export const metadata: Metadata = { title: "Edit Integration" };

type Props = { params: Promise<{ registrationId: string }> };

export default async function EditIntegrationPage({ params }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_WRITE")) return <Forbidden authority="OAUTH_INTEGRATION_WRITE" />;
  const { registrationId } = await params;
  const integration = await getIntegration(registrationId);
  if (!integration) notFound();
  const linkedAccounts = await countLinkedAccounts(integration.registrationId, integration.issuer);
  // The form starts from the stored settings; the secret is never sent to the browser (empty keeps it).
  const initial = {
    provider: "custom-sso" as const,
    registrationId: integration.registrationId,
    clientId: integration.clientId,
    clientSecret: "",
    authorizationUrl: integration.authorizationUrl,
    jwksUri: integration.jwksUri,
    tokenUri: integration.tokenUri,
    userInfoUri: integration.userInfoUri,
    issuer: integration.issuer,
    clientAuthMethod: integration.clientAuthMethod as ClientAuthMethod,
    loginButtonText: integration.loginButtonText,
    emailDomains: formatEmailDomains(integration.emailDomains.map((d) => d.domain)),
    trustEmailAddresses: integration.trustEmailAddresses,
    showOnSignInScreen: integration.showOnSignInScreen,
    version: integration.version,
  };
  const back = `/settings/oauth-integrations/${integration.registrationId}`;
  return (
    <>
      <PageHeader
        title={`Edit ${integration.registrationId}`}
        description={
          <Link href={back} className="text-indigo-700 underline">
            Back to {integration.registrationId}
          </Link>
        }
      />
      <Card>
        <IntegrationForm
          mode="edit"
          publicUrl={publicUrl()}
          policy={integrationSchemaPolicy()}
          action={updateIntegrationAction}
          fetchConfiguration={fetchConfigurationAction}
          checkAction={checkIntegrationValuesAction}
          initial={initial}
          linkedAccounts={linkedAccounts}
        />
      </Card>
    </>
  );
}
