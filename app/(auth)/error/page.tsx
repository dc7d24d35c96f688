import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { isSignInErrorCode, signInErrorMessage } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign-in refused" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInErrorPage({ searchParams }: Props) {
  const params = await searchParams;
  const code = typeof params.error === "string" && isSignInErrorCode(params.error) ? params.error : "Default";
  const email = typeof params.email === "string" ? params.email.slice(0, 254) : null;
  // Password sign-in throttling (no-JS path): only this exact, server-made shape is echoed; nothing else from the URL.
  const throttled = typeof params.error === "string" && /^Too many sign-in attempts\. Try again in \d{1,6} s\.$/.test(params.error);
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
