import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "@fontsource-variable/inter";
import { HydrationMark } from "@/components/ui/hydration-mark";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Keyway", default: "Keyway" },
  description: "Self-hosted control plane with bring-your-own single sign-on.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can put proxy.ts's CSP nonce on its scripts (static pages get none).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 font-sans text-sm text-slate-900 antialiased">
        {children}
        <HydrationMark />
      </body>
    </html>
  );
}
