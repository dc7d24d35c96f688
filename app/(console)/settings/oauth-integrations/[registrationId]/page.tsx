import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/console/forbidden";
import { HealthBadge } from "@/components/integrations/integrations-table";
import { RedirectUri } from "@/components/integrations/redirect-uri";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateTimeText } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { redirectUriFor } from "@/lib/config";
import { formatEmailDomains } from "@/lib/integrations/email-domains";
import { getIntegration } from "@/lib/integrations/queries";
import { CLIENT_AUTH_METHOD_LABELS, type ClientAuthMethod, PROVIDERS } from "@/lib/integrations/schema";

export const metadata: Metadata = { title: "OAuth Integration" };

type Props = { params: Promise<{ registrationId: string }>; searchParams: Promise<{ created?: string }> };

export default async function IntegrationPage({ params, searchParams }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_READ")) return <Forbidden authority="OAUTH_INTEGRATION_READ" />;
  const { registrationId } = await params;
  const integration = await getIntegration(registrationId);
  if (!integration) notFound();
  const { created } = await searchParams;
  const rows: [string, ReactNode][] = [
    ["Provider", PROVIDERS[integration.provider as keyof typeof PROVIDERS] ?? integration.provider],
    ["Login Button Text", integration.loginButtonText],
    ["Client ID", integration.clientId],
    ["Client Secret", "•••••••• (stored encrypted, write-only)"],
    ["Authorization URL", integration.authorizationUrl],
    ["JWK Set URI", integration.jwksUri],
    ["Token URI", integration.tokenUri],
    ["User Info URI", integration.userInfoUri],
    ["Issuer", integration.issuer],
    ["Client Authentication Method", CLIENT_AUTH_METHOD_LABELS[integration.clientAuthMethod as ClientAuthMethod] ?? integration.clientAuthMethod],
    ["Show on sign-in screen", integration.showOnSignInScreen ? "Yes" : "No (reachable by its email domains)"],
    ["Email domains", integration.emailDomains.length ? formatEmailDomains(integration.emailDomains.map((d) => d.domain)) : "Any"],
    ["Trust email addresses from this IdP", integration.trustEmailAddresses ? "Yes (a missing email_verified is accepted)" : "No"],
    ["Created", <><DateTimeText value={integration.createdAt} /> by {integration.createdByEmail ?? "—"}</>],
    ["Last sign-in", <DateTimeText value={integration.lastSignInAt} />],
    ["Last failure", integration.lastFailureAt ? <><DateTimeText value={integration.lastFailureAt} /> ({integration.lastFailureCode})</> : "Never"],
  ];
  return (
    <>
      <PageHeader
        title={integration.registrationId}
        description={
          <Link href="/settings/oauth-integrations" className="text-indigo-700 underline">
            Back to OAuth Integrations
          </Link>
        }
        actions={<HealthBadge row={integration} />}
      />
      {created ? (
        <Alert tone="success" title="Integration created">
          The “{integration.loginButtonText}” button is now on the sign-in screen. Register the Redirect URI below at your identity provider.
        </Alert>
      ) : null}
      <Card>
        <RedirectUri uri={redirectUriFor(integration.registrationId)} />
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
    </>
  );
}
