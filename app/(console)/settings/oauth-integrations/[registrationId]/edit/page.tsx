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
import { secretsStatus } from "@/lib/integrations/rotation/secrets";
import type { ClientAuthMethod } from "@/lib/integrations/schema";
import { draftFormValues } from "@/lib/integrations/rollout/draft";
import { Alert } from "@/components/ui/alert";
import {
  checkIntegrationValuesAction,
  fetchConfigurationAction,
  saveDraftAction,
  updateIntegrationAction,
} from "../../actions";

export const metadata: Metadata = { title: "Edit Integration" };

type Props = { params: Promise<{ registrationId: string }>; searchParams: Promise<{ draft?: string }> };

export default async function EditIntegrationPage({ params, searchParams }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_WRITE")) return <Forbidden authority="OAUTH_INTEGRATION_WRITE" />;
  const { registrationId } = await params;
  const integration = await getIntegration(registrationId);
  if (!integration) notFound();
  const [linkedAccounts, secrets, draft] = await Promise.all([
    countLinkedAccounts(integration.registrationId, integration.issuer),
    secretsStatus(integration),
    draftFormValues(registrationId),
  ]);
  // Edit draft: the form starts from the draft and only saves the draft.
  const draftOnly = (await searchParams).draft === "1" && draft !== null;
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
    scopes: integration.scopes,
    authorizationParams: integration.authorizationParams,
    emailClaim: integration.emailClaim,
    nameClaim: integration.nameClaim,
    groupsClaim: integration.groupsClaim,
    updateNameOnSignIn: integration.updateNameOnSignIn,
    signInRequirement: integration.signInRequirement,
    endSessionUri: integration.endSessionUri,
    rpInitiatedLogout: integration.rpInitiatedLogout,
    version: integration.version,
    nextClientSecret: "",
    removeNextClientSecret: false,
  };
  if (draftOnly) {
    const v = draft.values;
    Object.assign(initial, {
      ...v,
      clientAuthMethod: v.clientAuthMethod as ClientAuthMethod,
      emailDomains: formatEmailDomains(v.emailDomains),
    });
  }
  const back = `/settings/oauth-integrations/${integration.registrationId}`;
  return (
    <>
      <PageHeader
        title={draftOnly ? `Edit the draft of ${integration.registrationId}` : `Edit ${integration.registrationId}`}
        description={
          <Link href={back} className="text-indigo-700 underline">
            Back to {integration.registrationId}
          </Link>
        }
      />
      {draft && !draftOnly ? (
        <Alert tone="info" title="This integration has a draft">
          Save as draft replaces it. To change the draft itself, use Edit draft on the integration&apos;s page.
        </Alert>
      ) : null}
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
          hasNextSecret={secrets.next !== null}
          saveDraft={saveDraftAction}
          draftOnly={draftOnly}
        />
      </Card>
    </>
  );
}
