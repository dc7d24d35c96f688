import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleNav } from "@/components/console/console-nav";
import { SignInNotices } from "@/components/console/sign-in-notices";
import { SignOutButton } from "@/components/console/sign-out-button";
import { Logo } from "@/components/ui/logo";
import { getCurrentUser } from "@/lib/authz/current-user";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  return (
    <div className="flex min-h-dvh">
      <aside className="flex w-60 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white px-3 py-5">
        <p className="px-2">
          <Logo className="text-base" />
        </p>
        <ConsoleNav
          settings={[
            { href: "/settings/oauth-integrations", label: "OAuth Integrations" },
            { href: "/settings/users", label: "Users" },
            { href: "/settings/sign-in-policy", label: "Sign-in policy" },
            { href: "/settings/audit-log", label: "Audit Log" },
            { href: "/settings/api-tokens", label: "API tokens" },
            { href: "/settings/instances", label: "Instances" },
          ]}
        />
        <div className="mt-auto flex flex-col gap-1 border-t border-slate-200 px-2 pt-4">
          <p className="text-xs text-slate-500">Signed in as</p>
          <p className="truncate font-medium" data-testid="signed-in-as">
            {user.email}
          </p>
          <Link href="/profile" className="text-sm text-indigo-700 hover:underline">
            Your profile
          </Link>
          <div className="-ml-2.5">
            <SignOutButton action={signOutAction} />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">
        <div className="mx-auto flex max-w-5xl flex-col gap-6">
          <SignInNotices user={user} />
          {children}
        </div>
      </main>
    </div>
  );
}
