import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

// Any unknown address: the same card as the public pages (one main landmark, a heading, a way back).
export default function NotFound() {
  return (
    <AuthCard title="Page not found">
      <div className="flex flex-col gap-4">
        <p className="text-slate-700">There is no page at this address.</p>
        <Link href="/" className={buttonClasses("secondary")}>
          Go to Keyway
        </Link>
      </div>
    </AuthCard>
  );
}
