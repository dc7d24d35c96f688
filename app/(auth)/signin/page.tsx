import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoButtons } from "@/components/auth/sso-buttons";
import { SsoEmailForm } from "@/components/auth/sso-email-form";
import { Alert } from "@/components/ui/alert";
import { getCurrentUser } from "@/lib/authz/current-user";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { publicUrl } from "@/lib/config";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { brokenRegistrationIds } from "@/lib/integrations/broken";
import { hasEmailDomainRouting, listLoginButtons } from "@/lib/integrations/queries";
import { getSignInPolicy } from "@/lib/sign-in-policy/queries";
import { findSsoForEmail } from "./actions";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, new URL(publicUrl()).origin);
  if (await getCurrentUser()) redirect(callbackUrl);
  // Registration ID and button text of the visible integrations only: nothing secret reaches this public page.
  const [listed, broken, emailRouting, policy] = await Promise.all([
    listLoginButtons(),
    brokenRegistrationIds(),
    hasEmailDomainRouting(),
    getSignInPolicy(),
  ]);
  // An integration whose client secret Keyway cannot decrypt would only fail: no button for it.
  const buttons = listed.filter((button) => !broken.has(button.registrationId));
  // With single sign-on required the password form is only for break-glass accounts: hidden behind a small link.
  // (Hiding is convenience; the refusal itself happens on the server, in the credentials authorize path.)
  const showPasswordForm = !policy.requireSso || params["break-glass"] === "1";
  const breakGlassHref = `/signin?${new URLSearchParams({ "break-glass": "1", callbackUrl })}`;
  const error = typeof params.error === "string" ? signInErrorMessage(params.error) : undefined;
  return (
    <AuthCard title="Sign in to Keyway">
      <div className="flex flex-col gap-5">
        {params.signed_out === "1" ? <Alert tone="success">You are signed out.</Alert> : null}
        {emailRouting ? <SsoEmailForm callbackUrl={callbackUrl} findSso={findSsoForEmail} /> : null}
        <SsoButtons buttons={buttons} callbackUrl={callbackUrl} />
        {showPasswordForm && (buttons.length > 0 || emailRouting) ? (
          <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" /> or with your password{" "}
            <span className="h-px flex-1 bg-slate-200" />
          </div>
        ) : null}
        {showPasswordForm ? (
          <SignInForm callbackUrl={callbackUrl} initialError={error} />
        ) : (
          <>
            {error ? <Alert tone="error">{error}</Alert> : null}
            <p className="text-center text-xs text-slate-500">
              Single sign-on is required.{" "}
              <Link href={breakGlassHref} className="underline hover:text-slate-700">
                Break-glass sign-in
              </Link>
            </p>
          </>
        )}
      </div>
    </AuthCard>
  );
}
