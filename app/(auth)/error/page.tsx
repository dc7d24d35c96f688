import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { cookies } from "next/headers";
import { REFUSAL_COOKIE, refusalEmail } from "@/lib/auth/refusal-cookie";
import { authSecret } from "@/lib/auth/secret";
import { isSignInErrorCode, signInErrorMessage } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign-in refused" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInErrorPage({ searchParams }: Props) {
  const params = await searchParams;
  // Nothing from the URL is shown: the code only selects a fixed message, and the email comes from the signed
  // cookie set when the refusal happened (issue 6, finding 8).
  const code = typeof params.error === "string" && isSignInErrorCode(params.error) ? params.error : "Default";
  const email = await refusalEmail((await cookies()).get(REFUSAL_COOKIE)?.value, code, authSecret());
  // Password sign-in throttling (no-JS path): only this exact, server-made shape (words fixed, a number) is echoed.
  const throttled =
    typeof params.error === "string" && /^Too many sign-in attempts\. Try again in \d{1,6} s\.$/.test(params.error);
  return (
    <AuthCard title="Sign-in refused">
      <div className="flex flex-col gap-4">
        <Alert tone="error">{throttled ? String(params.error) : signInErrorMessage(code, email)}</Alert>
        <p className="text-xs text-slate-500">Error code: {code}</p>
        <Link href="/signin" className={buttonClasses("secondary")}>
          Back to sign in
        </Link>
      </div>
    </AuthCard>
  );
}
