// The setup guide of the chosen provider, beside the form: where to click in its console, the exact values to paste
// (this Keyway's own Redirect URI, logout URIs and scopes) with copy buttons, and the usual errors with their code.
import { CopyButton } from "@/components/ui/copy-button";
import { fillGuideValue, GUIDES, type GuideValues } from "@/lib/integrations/guides";
import type { ProviderId } from "@/lib/integrations/presets";

export function SetupGuide({ provider, values }: { provider: ProviderId; values: GuideValues }) {
  const guide = GUIDES[provider];
  return (
    <aside aria-label={`Setup guide: ${guide.title}`} className="flex flex-col gap-3 text-sm">
      <h2 className="text-base font-semibold text-slate-900">Set up {guide.title}</h2>
      <p className="text-slate-700">{guide.intro}</p>
      <ol className="flex list-decimal flex-col gap-3 pl-5">
        {guide.steps.map((step) => (
          <li key={step.text} className="text-slate-800">
            {step.text}
            {step.values?.map((v) => {
              const value = fillGuideValue(v.value, values);
              return (
                <div key={v.label} className="mt-1.5 flex items-center gap-2">
                  <code
                    title={v.label}
                    className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-2 py-1 font-mono text-xs"
                  >
                    {value}
                  </code>
                  <CopyButton value={value} label={`Copy ${v.label}`} />
                </div>
              );
            })}
          </li>
        ))}
      </ol>
      {guide.errors.length ? (
        <>
          <h3 className="font-medium text-slate-900">Usual errors</h3>
          <dl className="flex flex-col gap-2">
            {guide.errors.map((e) => (
              <div key={e.code + e.symptom}>
                <dt className="font-mono text-xs text-slate-700">{e.code}</dt>
                <dd className="text-slate-800">
                  {e.symptom} <span className="text-slate-600">Fix: {e.fix}</span>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </aside>
  );
}
