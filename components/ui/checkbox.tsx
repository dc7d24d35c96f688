import { useId, type ComponentProps, type ReactNode } from "react";

export type CheckboxProps = Omit<ComponentProps<"input">, "type"> & {
  label: string;
  description?: ReactNode;
};

/** Native checkbox labelled exactly by `label`; `ref` is a plain prop (React 19). */
export function Checkbox({
  label,
  description,
  id,
  className,
  "aria-describedby": describedBy,
  ...props
}: CheckboxProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const descId = description ? `${inputId}-description` : undefined;
  const ariaDescribedBy = [describedBy, descId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`flex items-start gap-2.5 ${className ?? ""}`}>
      <input
        {...props}
        type="checkbox"
        id={inputId}
        aria-describedby={ariaDescribedBy}
        className="mt-0.5 size-4 shrink-0 rounded accent-indigo-600 disabled:cursor-not-allowed"
      />
      <div className="flex flex-col">
        <label htmlFor={inputId} className="font-medium text-slate-900">
          {label}
        </label>
        {description ? (
          <p id={descId} className="text-xs text-slate-600">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
