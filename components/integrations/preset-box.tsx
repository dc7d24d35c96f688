"use client";
// A preset's own questions (Entra: Tenant ID; Okta: org URL and authorization server; …) and "Fill from <IdP>": the
// issuer they make is discovered on the server, every endpoint filled in, and the preset's settings applied. The
// admin can still change every field below.
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { DiscoveredConfig } from "@/lib/integrations/discovery";
import { type Preset, PRESETS, type PresetSettings, type ProviderId } from "@/lib/integrations/presets";
import { FetchMessage, type FetchConfigurationAction, useFetchConfiguration } from "./discovery-box";

type Props = {
  provider: Exclude<ProviderId, "custom-sso">;
  action: FetchConfigurationAction;
  onFilled: (config: DiscoveredConfig, settings: PresetSettings) => void;
};

export function PresetBox({ provider, action, onFilled }: Props) {
  const id = useId();
  const preset: Preset = PRESETS[provider];
  const [values, setValues] = useState<Record<string, string>>({});
  const { fetchConfiguration, pending, message, setMessage } = useFetchConfiguration(action, (config) =>
    onFilled(config, preset.settings(values)),
  );
  const fill = () => {
    const made = preset.issuer(values);
    if ("error" in made) return setMessage({ tone: "error", text: made.error });
    fetchConfiguration(made.issuer);
  };
  return (
    <div className="flex flex-col gap-3 rounded-lg border border-indigo-200 bg-indigo-50/50 p-3.5">
      {preset.inputs.map((input) => (
        <div key={input.name} className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-${input.name}`} className="font-medium text-slate-900">
            {input.label}
          </label>
          <Input
            id={`${id}-${input.name}`}
            value={values[input.name] ?? ""}
            placeholder={input.placeholder}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-${input.name}-help`}
            onChange={(e) => setValues((v) => ({ ...v, [input.name]: e.target.value }))}
            onKeyDown={(e) => {
              // Enter fills from the IdP here instead of submitting the whole form.
              if (e.key === "Enter") {
                e.preventDefault();
                fill();
              }
            }}
          />
          <p id={`${id}-${input.name}-help`} className="text-xs text-slate-600">
            {input.help}
          </p>
        </div>
      ))}
      <div>
        <Button type="button" variant="secondary" pending={pending} onClick={fill}>
          Fill from {preset.label}
        </Button>
      </div>
      <FetchMessage id={`${id}-message`} message={message} />
    </div>
  );
}
