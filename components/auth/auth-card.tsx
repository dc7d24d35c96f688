import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

/** The centred card of the public pages (sign-in, refusals). */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center">
          <Logo className="text-lg" />
        </p>
        <section
          className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
          aria-labelledby="auth-card-title"
        >
          <h1 id="auth-card-title" className="mb-5 text-base font-semibold text-slate-900">
            {title}
          </h1>
          {children}
        </section>
      </div>
    </main>
  );
}
