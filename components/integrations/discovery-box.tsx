"use client";
// "Issuer or discovery URL" + Fetch configuration: the server reads the IdP's discovery document and the form's
// endpoint fields are filled from it (the admin can still change every one). One message per failure, under the box.
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/authz/action-result";
import type { DiscoveredConfig, DiscoveryOutcome } from "@/lib/integrations/discovery";

export type FetchConfigurationAction = (input: { url: string }) => Promise<ActionResult<DiscoveryOutcome>>;

type Props = { action: FetchConfigurationAction; initialUrl?: string; onFetched: (config: DiscoveredConfig) => void };

/** Fetch configuration: reads the discovery document on the server and hands the result to `onFetched`. */
export function useFetchConfiguration(action: FetchConfigurationAction, onFetched: (config: DiscoveredConfig) => void) {
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const fetchConfiguration = (url: string) => {
    setMessage(null);
    startTransition(async () => {
      try {
        const result = await action({ url });
        if (!result.ok)
          return setMessage({ tone: "error", text: Object.values(result.fieldErrors ?? {})[0] ?? result.error });
        if (!result.data.ok) return setMessage({ tone: "error", text: result.data.message });
        onFetched(result.data.config);
        setMessage({
          tone: "success",
          text: `Filled from ${result.data.config.documentUrl}. Check the fields below, then save.`,
        });
      } catch {
        setMessage({ tone: "error", text: "Could not reach Keyway. Check your connection and try again." });
      }
    });
  };
  return { fetchConfiguration, pending, message, setMessage };
}

/** The message under a Fetch configuration box (an error is announced at once). */
export function FetchMessage({
  id,
  message,
}: {
  id: string;
  message: { tone: "error" | "success"; text: string } | null;
}) {
  if (!message) return null;
  return (
    <p
      id={id}
      role={message.tone === "error" ? "alert" : "status"}
      className={`text-xs font-medium ${message.tone === "error" ? "text-red-700" : "text-green-800"}`}
    >
      {message.text}
    </p>
  );
}

export function DiscoveryBox({ action, initialUrl = "", onFetched }: Props) {
  const id = useId();
  const [url, setUrl] = useState(initialUrl);
  const { fetchConfiguration: run, pending, message } = useFetchConfiguration(action, onFetched);
  const fetchConfiguration = () => run(url);

  return (
    <div className="flex flex-col gap-1.5 rounded-lg border border-slate-200 bg-slate-50 p-3.5">
      <label htmlFor={id} className="font-medium text-slate-900">
        Issuer or discovery URL
      </label>
      <div className="flex gap-2">
        <Input
          id={id}
          type="url"
          value={url}
          spellCheck={false}
          placeholder="https://idp.example.com or …/.well-known/openid-configuration"
          aria-describedby={`${id}-help${message ? ` ${id}-message` : ""}`}
          onChange={(e) => setUrl(e.target.value)}
          onKeyDown={(e) => {
            // Enter fetches here instead of submitting the whole form.
            if (e.key === "Enter") {
              e.preventDefault();
              fetchConfiguration();
            }
          }}
        />
        <Button type="button" variant="secondary" pending={pending} onClick={fetchConfiguration}>
          Fetch configuration
        </Button>
      </div>
      <p id={`${id}-help`} className="text-xs text-slate-600">
        Optional. Keyway reads the provider&apos;s OpenID discovery document and fills in the endpoints, the Issuer and
        the Client Authentication Method.
      </p>
      <FetchMessage id={`${id}-message`} message={message} />
    </div>
  );
}
