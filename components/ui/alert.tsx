import type { ReactNode } from "react";

export type AlertTone = "error" | "success" | "info" | "warning";

export type AlertProps = { tone: AlertTone; title?: string; children?: ReactNode; className?: string };

const tones: Record<AlertTone, { box: string; icon: string; path: string }> = {
  error: { box: "border-red-200 bg-red-50 text-red-900", icon: "text-red-600", path: "M8 4.5v4M8 11h.01" },
  warning: { box: "border-amber-200 bg-amber-50 text-amber-950", icon: "text-amber-600", path: "M8 4.5v4M8 11h.01" },
  success: { box: "border-green-200 bg-green-50 text-green-900", icon: "text-green-600", path: "M5 8.2l2 2 4-4.2" },
  info: { box: "border-indigo-200 bg-indigo-50 text-indigo-950", icon: "text-indigo-600", path: "M8 7.5v3.5M8 5h.01" },
};

/** Inline message. `error` is announced assertively (role="alert"), the rest politely (role="status"). */
export function Alert({ tone, title, children, className }: AlertProps) {
  const t = tones[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`flex gap-2.5 rounded-lg border px-3.5 py-3 ${t.box} ${className ?? ""}`}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" fill="none" className={`mt-0.5 size-4 shrink-0 ${t.icon}`}>
        <circle cx="8" cy="8" r="6.5" stroke="currentColor" strokeWidth="1.5" />
        <path d={t.path} stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <div className="flex min-w-0 flex-col gap-0.5">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className="break-words">{children}</div> : null}
      </div>
    </div>
  );
}
