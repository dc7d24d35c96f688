import type { ReactNode } from "react";

export type BadgeTone = "green" | "gray" | "red" | "amber" | "indigo";

export type BadgeProps = { tone: BadgeTone; children: ReactNode };

const tones: Record<BadgeTone, string> = {
  green: "bg-green-50 text-green-800 ring-green-600/20",
  gray: "bg-slate-100 text-slate-700 ring-slate-500/20",
  red: "bg-red-50 text-red-800 ring-red-600/20",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/25",
  indigo: "bg-indigo-50 text-indigo-800 ring-indigo-600/20",
};

export function Badge({ tone, children }: BadgeProps) {
  return (
    <span
      className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
