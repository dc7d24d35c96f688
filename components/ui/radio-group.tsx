import type { ComponentProps, ReactNode } from "react";

export type RadioOption = { value: string; label: string; description?: string };

export type RadioGroupProps = {
  legend: string;
  name: string;
  options: RadioOption[];
  help?: ReactNode;
  error?: string;
  /** Extra props per radio, e.g. `() => register("field")` with react-hook-form. */
  inputProps?: (value: string) => ComponentProps<"input">;
};

const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "_");

/** `<fieldset>` of native radios; each radio's accessible name is exactly its `label`. */
export function RadioGroup({ legend, name, options, help, error, inputProps }: RadioGroupProps) {
  const helpId = `${slug(name)}-help`;
  const errorId = `${slug(name)}-error`;
  const groupDescribedBy = [help ? helpId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <fieldset aria-describedby={groupDescribedBy || undefined} className="flex flex-col gap-2">
      <legend className="mb-1.5 font-medium text-slate-900">{legend}</legend>
      {help ? (
        <p id={helpId} className="-mt-1 text-xs text-slate-600">
          {help}
        </p>
      ) : null}
      <div className="flex flex-col gap-2">
        {options.map((option) => {
          const id = `${slug(name)}-${slug(option.value)}`;
          const descId = option.description ? `${id}-description` : undefined;
          return (
            <div key={option.value} className="flex items-start gap-2.5">
              <input
                name={name}
                {...inputProps?.(option.value)}
                type="radio"
                id={id}
                value={option.value}
                aria-describedby={descId}
                className="mt-0.5 size-4 shrink-0 accent-indigo-600 disabled:cursor-not-allowed"
              />
              <div className="flex flex-col">
                <label htmlFor={id} className="font-medium text-slate-900">
                  {option.label}
                </label>
                {option.description ? (
                  <p id={descId} className="text-xs text-slate-600">
                    {option.description}
                  </p>
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
