"use client";
// Provisioning (SCIM): switch on, rotate or switch off; the base URL and the token (shown once) with copy buttons;
// the last 24 h of SCIM activity; and a short setup guide per IdP.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTimeText } from "@/components/ui/date-time";
import type { ActionResult } from "@/lib/authz/action-result";
import { Checkbox } from "@/components/ui/checkbox";
import type { ScimSettingsValues, ScimSwitchValues } from "@/lib/scim/schema";

type Stats = {
  lastCallAt: Date | null;
  created: number;
  updated: number;
  deactivated: number;
  errors: number;
  lastErrorAt: Date | null;
};
type Status =
  | { enabled: false }
  | {
      enabled: true;
      tokenPrefix: string;
      rotatedAt: Date | null;
      previousValidUntil: Date | null;
      allowEmailChange: boolean;
      stats: Stats;
    };

type Props = {
  registrationId: string;
  baseUrl: string;
  status: Status;
  canWrite: boolean;
  enable: (input: ScimSwitchValues) => Promise<ActionResult<{ baseUrl: string; token: string; rotated: boolean }>>;
  disable: (input: ScimSwitchValues) => Promise<ActionResult<unknown>>;
  saveSettings: (input: ScimSettingsValues) => Promise<ActionResult<unknown>>;
};

function Value({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="flex flex-col gap-1.5">
      <p className="font-medium text-slate-900">{label}</p>
      <div className="flex items-center gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 font-mono text-xs"
        >
          {value}
        </code>
        <CopyButton value={value} label={`Copy ${label}`} />
      </div>
    </div>
  );
}

const GUIDES: [string, string[]][] = [
  [
    "Microsoft Entra ID",
    [
      "Enterprise applications > your app > Provisioning > Get started; Provisioning Mode: Automatic.",
      "Tenant URL: the SCIM base URL; Secret Token: the token. Click Test Connection, then Save.",
      'Mappings: keep userName, active, emails[type eq "work"].value, name.givenName, name.familyName, externalId (objectId).',
      "Users and groups: assign who gets a Keyway account, then Start provisioning.",
    ],
  ],
  [
    "Okta",
    [
      "Your app > General > App Settings: enable SCIM provisioning; then Provisioning > Integration.",
      "SCIM connector base URL: the SCIM base URL; Unique identifier field: userName; Authentication Mode: HTTP Header, Bearer: the token.",
      "Supported actions: Push New Users, Push Profile Updates, Push Groups. Test Connector Configuration, Save.",
      "Provisioning > To App: enable Create Users, Update User Attributes, Deactivate Users.",
    ],
  ],
  [
    "authentik",
    [
      "Applications > Providers > Create > SCIM Provider.",
      "URL: the SCIM base URL; Token: the token.",
      "Attach it to the Keyway application as a backchannel provider; users and groups sync on the next run.",
    ],
  ],
];

export function ScimProvisioning({ registrationId, baseUrl, status, canWrite, enable, disable, saveSettings }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ token: string; rotated: boolean } | null>(null);

  function run(kind: "enable" | "disable") {
    setError(null);
    startTransition(async () => {
      try {
        if (kind === "enable") {
          const result = await enable({ registrationId });
          if (!result.ok) return setError(result.error);
          setShown({ token: result.data.token, rotated: result.data.rotated });
        } else {
          const result = await disable({ registrationId });
          if (!result.ok) return setError(result.error);
          setShown(null);
        }
        router.refresh();
      } catch {
        setError("Could not reach Keyway. Check your connection and try again.");
      }
    });
  }

  // The switch shows the admin's choice at once and goes back if Keyway refuses it.
  const saved = status.enabled && status.allowEmailChange;
  const [emailChanges, setEmailChanges] = useState(saved);
  function allowEmailChange(allow: boolean) {
    setError(null);
    setEmailChanges(allow);
    startTransition(async () => {
      try {
        const result = await saveSettings({ registrationId, allowEmailChange: allow });
        if (!result.ok) {
          setEmailChanges(!allow);
          return setError(result.error);
        }
        router.refresh();
      } catch {
        setEmailChanges(!allow);
        setError("Could not reach Keyway. Check your connection and try again.");
      }
    });
  }

  return (
    <div className="flex flex-col gap-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <p className="text-sm text-slate-700" data-testid="scim-state">
        {status.enabled
          ? `On. The identity provider creates, updates and deactivates this integration's Keyway accounts (token ${status.tokenPrefix}…).`
          : "Off. Switch it on to let the identity provider create and remove Keyway accounts over SCIM 2.0."}
      </p>
      {status.enabled ? <Value label="SCIM base URL" value={baseUrl} testId="scim-base-url" /> : null}
      {shown ? (
        <Alert tone="success" title={shown.rotated ? "New SCIM token" : "Provisioning is on"}>
          <div className="flex flex-col gap-2">
            <Value label="SCIM token" value={shown.token} testId="scim-token" />
            <p>
              Copy it now: Keyway keeps only its hash and will not show it again.
              {shown.rotated ? " The previous token keeps working until this one is first used, or for 24 hours." : ""}
            </p>
          </div>
        </Alert>
      ) : null}
      {status.enabled && status.previousValidUntil && !shown ? (
        <p className="text-xs text-slate-600">
          The previous token works until the new one is first used, or until{" "}
          <DateTimeText value={status.previousValidUntil} />.
        </p>
      ) : null}
      {canWrite ? (
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            variant={status.enabled ? "secondary" : "primary"}
            pending={pending}
            onClick={() => run("enable")}
          >
            {status.enabled ? "Rotate SCIM token" : "Turn on provisioning"}
          </Button>
          {status.enabled ? (
            <Button type="button" variant="secondary" pending={pending} onClick={() => run("disable")}>
              Turn off provisioning
            </Button>
          ) : null}
        </div>
      ) : null}
      {status.enabled ? (
        <Checkbox
          label="Allow email changes"
          description="Off: Keyway refuses a new email from the IdP (the email is how accounts are matched at sign-in). On: the IdP may change the email of the users it provisioned, inside this integration's Email domains and never onto another account."
          checked={emailChanges}
          disabled={!canWrite || pending}
          onChange={(event) => allowEmailChange(event.currentTarget.checked)}
        />
      ) : null}
      {status.enabled ? (
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3" data-testid="scim-stats">
          <dt className="text-slate-600">Last SCIM call</dt>
          <dd className="sm:col-span-2">
            {status.stats.lastCallAt ? <DateTimeText value={status.stats.lastCallAt} /> : "Never"}
          </dd>
          <dt className="text-slate-600">Last 24 h</dt>
          <dd className="sm:col-span-2">
            {status.stats.created} created, {status.stats.updated} updated, {status.stats.deactivated} deactivated,{" "}
            {status.stats.errors} errors
          </dd>
          {status.stats.lastErrorAt ? (
            <>
              <dt className="text-slate-600">Last error</dt>
              <dd className="sm:col-span-2">
                <DateTimeText value={status.stats.lastErrorAt} />
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <div className="flex flex-col gap-2">
        {GUIDES.map(([idp, steps]) => (
          <details key={idp} className="rounded-md border border-slate-200 px-3 py-2 text-sm">
            <summary className="cursor-pointer font-medium">Set up {idp}</summary>
            <ol className="mt-2 list-decimal space-y-1 pl-5 text-slate-700">
              {steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </details>
        ))}
      </div>
    </div>
  );
}
