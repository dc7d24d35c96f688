import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/console/forbidden";
import { DeleteIntegrationDialog } from "@/components/integrations/delete-integration-dialog";
import { HealthBadge, HealthSummary, RecentAttempts } from "@/components/integrations/health";
import { IntegrationStatusButton } from "@/components/integrations/integration-status-button";
import { ConnectionCheck } from "@/components/integrations/connection-check";
import { RedirectUri } from "@/components/integrations/redirect-uri";
import { ScimProvisioning } from "@/components/integrations/scim-provisioning";
import { TestSignInButton } from "@/components/integrations/test-sign-in-button";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTimeText } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { backchannelLogoutUriFor, clientJwksUriFor, postLogoutRedirectUri, redirectUriFor } from "@/lib/config";
import { formatEmailDomains } from "@/lib/integrations/email-domains";
import { INTEGRATION_FIELDS as FIELDS } from "@/lib/integrations/fields";
import { identityConfigurerOf } from "@/lib/integrations/identity-configurer";
import { countLinkedAccounts, getIntegration } from "@/lib/integrations/queries";
import { BROKEN_SECRET_FIX, BROKEN_SECRET_REASON, brokenRegistrationIds } from "@/lib/integrations/broken";
import { healthFor, recentAttempts } from "@/lib/integrations/sign-in-attempts";
import { CLIENT_AUTH_METHOD_LABELS, type ClientAuthMethod, PROVIDERS } from "@/lib/integrations/schema";
import { scimStatusOf } from "@/lib/scim/queries";
import { scimBaseUrl } from "@/lib/scim/token";
import { disableScimAction, enableScimAction, scimSettingsAction } from "../scim-actions";
import { saveGroupMappingsAction, simulateGroupMappingsAction } from "../group-mapping-actions";
import { GroupMappings } from "@/components/integrations/group-mappings";
import { listGroupMappings } from "@/lib/integrations/group-mappings";
import { ActionButton } from "@/components/integrations/action-button";
import { ClientSecrets } from "@/components/integrations/client-secrets";
import { ClientKeys } from "@/components/integrations/client-keys";
import { clientKeysView } from "@/lib/integrations/client-keys/keys";
import { DriftBadge, DriftBanner, DriftChecks } from "@/components/integrations/drift";
import { type Notices, PageNotices } from "@/components/integrations/page-notices";
import { DRIFT_LABELS } from "@/lib/integrations/drift/judge";
import { driftOf, recentDriftChecks } from "@/lib/integrations/drift/watch";
import { ConfigHistory } from "@/components/integrations/config-history";
import { DraftPanel } from "@/components/integrations/draft-panel";
import { draftSummary } from "@/lib/integrations/rollout/draft";
import { listConfigVersions } from "@/lib/integrations/rollout/history";
import { secretsStatus } from "@/lib/integrations/rotation/secrets";
import {
  checkSavedIntegrationAction,
  acceptDriftAction,
  addNextClientKeyAction,
  promoteNextClientKeyAction,
  removePreviousClientKeyAction,
  checkDriftNowAction,
  deleteIntegrationAction,
  discardDraftAction,
  promoteDraftAction,
  promoteNextSecretAction,
  rollbackIntegrationAction,
  setIntegrationEnabledAction,
} from "../actions";

export const metadata: Metadata = { title: "OAuth Integration" };

type Props = {
  params: Promise<{ registrationId: string }>;
  searchParams: Promise<Notices>;
};

export default async function IntegrationPage({ params, searchParams }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_READ")) return <Forbidden authority="OAUTH_INTEGRATION_READ" />;
  const { registrationId } = await params;
  const integration = await getIntegration(registrationId);
  if (!integration) notFound();
  const notices = await searchParams;
  const canWrite = hasAuthority(user, "OAUTH_INTEGRATION_WRITE");
  const [
    health,
    attempts,
    linkedAccounts,
    configurer,
    broken,
    secrets,
    draft,
    versions,
    drift,
    driftChecks,
    scim,
    groupMappings,
    keys,
  ] = await Promise.all([
    healthFor([integration]).then((map) => map.get(integration.registrationId)!),
    recentAttempts(integration.registrationId),
    countLinkedAccounts(integration.registrationId, integration.issuer),
    identityConfigurerOf(registrationId),
    brokenRegistrationIds().then((ids) => ids.has(registrationId)),
    secretsStatus(integration),
    draftSummary(registrationId),
    listConfigVersions(integration.id),
    driftOf(integration.id),
    recentDriftChecks(integration.id),
    scimStatusOf(integration.id),
    listGroupMappings(integration.registrationId),
    clientKeysView(registrationId),
  ]);
  const ref = { registrationId: integration.registrationId };
  const bound = { registrationId: integration.registrationId, version: integration.version };
  const pageHref = `/settings/oauth-integrations/${integration.registrationId}`;
  const rows: [string, ReactNode][] = [
    [
      "State",
      broken ? (
        <Badge tone="red">{BROKEN_SECRET_REASON}</Badge>
      ) : integration.enabled ? (
        <Badge tone="green">Enabled</Badge>
      ) : (
        <Badge tone="gray">Disabled (no sign-in button; sign-ins refused)</Badge>
      ),
    ],
    [FIELDS.provider.label, PROVIDERS[integration.provider as keyof typeof PROVIDERS] ?? integration.provider],
    [FIELDS.loginButtonText.label, integration.loginButtonText],
    [FIELDS.clientId.label, integration.clientId],
    [FIELDS.clientSecret.label, keys ? "Not used (Private key JWT)" : "•••••••• (stored encrypted, write-only)"],
    [FIELDS.authorizationUrl.label, integration.authorizationUrl],
    [FIELDS.jwksUri.label, integration.jwksUri],
    [FIELDS.tokenUri.label, integration.tokenUri],
    [FIELDS.userInfoUri.label, integration.userInfoUri],
    [FIELDS.issuer.label, integration.issuer],
    [FIELDS.endSessionUri.label, integration.endSessionUri || "None"],
    [
      FIELDS.rpInitiatedLogout.label,
      integration.rpInitiatedLogout && integration.endSessionUri
        ? "On (Sign out also ends the session at the IdP)"
        : "Off",
    ],
    [
      FIELDS.clientAuthMethod.label,
      CLIENT_AUTH_METHOD_LABELS[integration.clientAuthMethod as ClientAuthMethod] ?? integration.clientAuthMethod,
    ],
    [FIELDS.showOnSignInScreen.label, integration.showOnSignInScreen ? "Yes" : "No (reachable by its email domains)"],
    [
      FIELDS.emailDomains.label,
      integration.emailDomains.length ? formatEmailDomains(integration.emailDomains.map((d) => d.domain)) : "Any",
    ],
    [
      FIELDS.trustEmailAddresses.label,
      integration.trustEmailAddresses ? "Yes (a missing email_verified is accepted)" : "No",
    ],
    [FIELDS.scopes.label, integration.scopes],
    [FIELDS.authorizationParams.label, integration.authorizationParams || "None"],
    [FIELDS.emailClaim.label, integration.emailClaim],
    [FIELDS.nameClaim.label, integration.nameClaim],
    [FIELDS.groupsClaim.label, integration.groupsClaim],
    [FIELDS.updateNameOnSignIn.label, integration.updateNameOnSignIn ? "Yes" : "No"],
    [FIELDS.signInRequirement.label, integration.signInRequirement || "Nothing beyond an account"],
    [
      "Links by email",
      configurer?.active
        ? `Only to accounts whose authorities ${configurer.email} holds (who set this integration's identity settings)`
        : "To no one: the admin who set its identity settings is gone or disabled (users link themselves from Your profile)",
    ],
    [
      "Created",
      <>
        <DateTimeText value={integration.createdAt} /> by {integration.createdByEmail ?? "—"}
      </>,
    ],
    ["Linked accounts", String(linkedAccounts)],
  ];
  const auditHref = `/settings/audit-log?target=${encodeURIComponent(`integration:${integration.registrationId}`)}`;
  return (
    <>
      <PageHeader
        title={integration.registrationId}
        description={
          <Link href="/settings/oauth-integrations" className="text-indigo-700 underline">
            Back to OAuth Integrations
          </Link>
        }
        actions={
          <span className="flex gap-1">
            <HealthBadge state={health.state} />
            <DriftBadge state={drift?.state} />
          </span>
        }
      />
      {canWrite ? (
        <div className="flex flex-wrap items-center gap-2">
          <Link
            href={`/settings/oauth-integrations/${integration.registrationId}/edit`}
            className={buttonClasses("primary")}
          >
            Edit
          </Link>
          <IntegrationStatusButton
            registrationId={integration.registrationId}
            enabled={integration.enabled}
            action={setIntegrationEnabledAction}
          />
          <DeleteIntegrationDialog
            registrationId={integration.registrationId}
            loginButtonText={integration.loginButtonText}
            linkedAccounts={linkedAccounts}
            action={deleteIntegrationAction}
          />
          {hasAuthority(user, "AUDIT_READ") ? (
            <Link href={auditHref} className="ml-auto text-indigo-700 underline">
              View audit log
            </Link>
          ) : null}
        </div>
      ) : null}
      {broken ? (
        <Alert tone="error" title={BROKEN_SECRET_REASON}>
          {BROKEN_SECRET_FIX} Until then it has no button on the sign-in screen and its sign-ins are refused
          (INTEGRATION_BROKEN).
        </Alert>
      ) : null}
      <PageNotices notices={notices} loginButtonText={integration.loginButtonText} />
      {drift && drift.state !== "ok" ? (
        <DriftBanner
          drift={drift}
          actions={
            canWrite ? (
              <>
                <ActionButton label="Check now" action={checkDriftNowAction.bind(null, ref)} />
                {drift.state === "drifted" ? (
                  <ActionButton label="Accept current state" action={acceptDriftAction.bind(null, ref)} />
                ) : null}
              </>
            ) : null
          }
        />
      ) : null}
      {draft && canWrite ? (
        <DraftPanel
          registrationId={integration.registrationId}
          draft={draft}
          promote={promoteDraftAction.bind(null, bound)}
          discard={discardDraftAction.bind(null, ref)}
          pageHref={pageHref}
        />
      ) : null}
      <Card>
        <RedirectUri
          uri={redirectUriFor(integration.registrationId)}
          help="Register it at your identity provider for this client: sign-ins and Test sign-in both come back here."
        />
      </Card>
      <Card title="Logout">
        <div className="flex flex-col gap-4">
          <RedirectUri
            uri={postLogoutRedirectUri()}
            label="Post-logout redirect URI"
            testId="post-logout-redirect-uri"
            help="Register it at your identity provider as an allowed post-logout redirect URI: after RP-initiated logout the IdP sends people back here."
          />
          <RedirectUri
            uri={backchannelLogoutUriFor(integration.registrationId)}
            label="Back-channel logout URI"
            testId="backchannel-logout-uri"
            help="Register it as this client's back-channel logout URI (with the session required, if offered): when someone signs out at the IdP, their Keyway sessions end."
          />
        </div>
      </Card>
      {keys ? (
        <Card title="Client keys (Private key JWT)">
          <ClientKeys
            jwksUri={clientJwksUriFor(integration.registrationId)}
            keys={keys}
            actions={
              canWrite
                ? {
                    addNext: addNextClientKeyAction.bind(null, ref),
                    promoteNext: promoteNextClientKeyAction.bind(null, ref),
                    removePrevious: removePreviousClientKeyAction.bind(null, ref),
                  }
                : undefined
            }
          />
        </Card>
      ) : (
        <Card title="Client secrets">
          <ClientSecrets
            secrets={secrets}
            doneHref={`${pageHref}?secretPromoted=1`}
            promote={canWrite ? promoteNextSecretAction.bind(null, bound) : undefined}
          />
        </Card>
      )}
      {hasAuthority(user, "OAUTH_INTEGRATION_WRITE") ? (
        <>
          <Card title="Check connection">
            <ConnectionCheck
              check={checkSavedIntegrationAction.bind(null, { registrationId: integration.registrationId })}
            />
          </Card>
          <Card title="Test sign-in">
            <div className="flex items-center gap-3">
              <TestSignInButton registrationId={integration.registrationId} />
              <p className="text-xs text-slate-600">
                Sign in at the IdP yourself{integration.enabled ? "" : " (works while the integration is disabled)"}:
                see the claims and which Keyway account it would sign in as. Your own session and all links stay
                unchanged.
              </p>
            </div>
          </Card>
        </>
      ) : null}
      <Card title="Group mappings">
        <GroupMappings
          registrationId={integration.registrationId}
          groupsClaim={integration.groupsClaim}
          mappings={groupMappings}
          canWrite={canWrite}
          save={saveGroupMappingsAction}
          simulate={simulateGroupMappingsAction}
        />
      </Card>
      <Card title="Provisioning (SCIM)">
        <ScimProvisioning
          registrationId={integration.registrationId}
          baseUrl={scimBaseUrl(integration.registrationId)}
          status={scim}
          canWrite={canWrite}
          enable={enableScimAction}
          disable={disableScimAction}
          saveSettings={scimSettingsAction}
        />
      </Card>
      <Card title="Sign-in health">
        <div className="flex flex-col gap-4">
          <HealthSummary health={health} />
          <RecentAttempts attempts={attempts} />
        </div>
      </Card>
      <Card
        title="Drift watch"
        description={
          drift ? (
            <>
              {DRIFT_LABELS[drift.state]} · last checked <DateTimeText value={drift.lastCheckAt} />
            </>
          ) : (
            "Keyway re-checks the IdP in the background and after failed sign-ins."
          )
        }
        actions={canWrite ? <ActionButton label="Check now" action={checkDriftNowAction.bind(null, ref)} /> : null}
      >
        <DriftChecks checks={driftChecks} />
      </Card>
      <Card title="Configuration">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
          {rows.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-slate-600">{term}</dt>
              <dd className="min-w-0 break-all" data-testid={`detail-${term}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title="Configuration history">
        <ConfigHistory
          versions={versions}
          rollback={canWrite ? rollbackIntegrationAction.bind(null, bound) : undefined}
          doneHref={(restored) => `${pageHref}?rolledBack=${restored}`}
        />
      </Card>
    </>
  );
}
