import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { Forbidden } from "@/components/console/forbidden";
import { TestSignInButton } from "@/components/integrations/test-sign-in-button";
import { TestSignInResultView } from "@/components/integrations/test-sign-in-result";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateTimeText } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { RESULT_COOKIE, unsealJson } from "@/lib/integrations/test-sign-in/cookies";
import type { TestSignInResult } from "@/lib/integrations/test-sign-in/types";

export const metadata: Metadata = { title: "Test sign-in result" };

type Props = { params: Promise<{ registrationId: string }> };

export default async function TestSignInResultPage({ params }: Props) {
  const user = await getCurrentUser();
  if (!hasAuthority(user, "OAUTH_INTEGRATION_WRITE")) return <Forbidden authority="OAUTH_INTEGRATION_WRITE" />;
  const { registrationId } = await params;
  const result = unsealJson<TestSignInResult>((await cookies()).get(RESULT_COOKIE)?.value);
  // Why: a result is shown only to the admin who ran it, for the integration it was run on.
  const mine = result && result.adminId === user!.id && result.registrationId === registrationId ? result : null;
  return (
    <>
      <PageHeader
        title="Test sign-in result"
        description={
          <>
            Integration <span className="font-mono">{registrationId}</span>
            {mine ? (
              <>
                {" "}
                · <DateTimeText value={new Date(mine.at)} />
              </>
            ) : null}{" "}
            ·{" "}
            <Link href={`/settings/oauth-integrations/${registrationId}`} className="text-indigo-700 underline">
              Back to the integration
            </Link>
          </>
        }
        actions={<TestSignInButton registrationId={registrationId} label="Test again" draft={mine?.draft === true} />}
      />
      {mine?.draft ? (
        <Alert tone="info" title="Draft">
          This test used the draft configuration. The live configuration keeps serving everyone until the draft is
          promoted.
        </Alert>
      ) : null}
      {mine ? (
        <TestSignInResultView result={mine} />
      ) : (
        <Card>
          <p className="text-slate-600">No recent test sign-in result in this browser. Click Test again.</p>
        </Card>
      )}
    </>
  );
}
