import type { Metadata } from "next";
import { Forbidden } from "@/components/console/forbidden";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { SignInPolicyForm } from "@/components/sign-in-policy/sign-in-policy-form";
import { getCurrentUser, hasAuthority } from "@/lib/authz/current-user";
import { getSignInPolicy, listBreakGlassCandidates, recentSsoAdminSignIn } from "@/lib/sign-in-policy/queries";
import { updateSignInPolicyAction } from "./actions";

export const metadata: Metadata = { title: "Sign-in policy" };

export default async function SignInPolicyPage() {
  const user = await getCurrentUser();
  // Who may sign in is decided here, so it takes the integration-management authority.
  if (!hasAuthority(user, "OAUTH_INTEGRATION_WRITE")) return <Forbidden authority="OAUTH_INTEGRATION_WRITE" />;
  const [policy, candidates, ssoProven] = await Promise.all([
    getSignInPolicy(),
    listBreakGlassCandidates(),
    recentSsoAdminSignIn(),
  ]);
  return (
    <>
      <PageHeader
        title="Sign-in policy"
        description="Require single sign-on for everyone except a few break-glass accounts that keep their password."
      />
      <Card
        title="Who may use a password"
        description={
          ssoProven
            ? "Single sign-on works: an administrator holding every authority signed in through an enabled integration in the last 24 hours."
            : "Not available yet: an administrator holding every authority must first sign in through an enabled integration (within 24 hours)."
        }
      >
        <SignInPolicyForm
          action={updateSignInPolicyAction}
          requireSso={policy.requireSso}
          breakGlassUserIds={policy.breakGlass.map((b) => b.userId)}
          candidates={candidates}
        />
      </Card>
    </>
  );
}
