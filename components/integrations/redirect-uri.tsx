"use client";
// The exact Redirect URI the admin must register at the IdP, with a copy button.
import { useId } from "react";
import { CopyButton } from "@/components/ui/copy-button";

type Props = { uri: string; label?: string; testId?: string; help?: string };

export function RedirectUri({ uri, label = "Redirect URI", testId = "redirect-uri", help }: Props) {
  const labelId = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <p className="font-medium text-slate-900" id={labelId}>
        {label}
      </p>
      <div className="flex items-center gap-2">
        <code
          aria-labelledby={labelId}
          data-testid={testId}
          className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 font-mono text-xs"
        >
          {uri}
        </code>
        <CopyButton value={uri} label={`Copy ${label}`} />
      </div>
      <p className="text-xs text-slate-600">
        {help ?? "Register this exact URI as an allowed redirect (callback) URL at your identity provider."}
      </p>
    </div>
  );
}
