import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoButtons } from "@/components/auth/sso-buttons";
import { getCurrentUser } from "@/lib/authz/current-user";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { publicUrl } from "@/lib/config";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { listLoginButtons } from "@/lib/integrations/queries";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, new URL(publicUrl()).origin);
  if (await getCurrentUser()) redirect(callbackUrl);
  // Registration ID and button text only: nothing secret reaches this public page.
  const buttons = await listLoginButtons();
  const error = typeof params.error === "string" ? signInErrorMessage(params.error) : undefined;
  return (
    <AuthCard title="Sign in to Keyway">
      <div className="flex flex-col gap-5">
        <SsoButtons buttons={buttons} callbackUrl={callbackUrl} />
        {buttons.length > 0 ? (
          <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" /> or with your password <span className="h-px flex-1 bg-slate-200" />
          </div>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} initialError={error} />
      </div>
    </AuthCard>
  );
}
