import type { ReactNode } from "react";

export type FieldProps = {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
  required?: boolean;
  children: ReactNode;
};

/**
 * Label + control + help + error. The `<label>` holds exactly `label`; the required
 * marker sits outside it (aria-hidden) so the accessible name is unchanged — put
 * `required` on the control itself for assistive tech.
 */
export function Field({ id, label, help, error, required, children }: FieldProps) {
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline gap-1">
        <label htmlFor={id} className="font-medium text-slate-900">
          {label}
        </label>
        {required ? (
          <span aria-hidden="true" className="text-red-700">
            *
          </span>
        ) : null}
      </div>
      {children}
      {help ? (
        <p id={`${id}-help`} className="text-xs text-slate-600">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Props to spread on the control inside a `Field` (id, aria-invalid, aria-describedby). */
export function fieldControlProps(id: string, error?: string, hasHelp = true) {
  const describedBy = [hasHelp ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return {
    id,
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
}
