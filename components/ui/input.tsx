import type { ComponentProps } from "react";

/** Shared look for text-like controls (input, textarea, select). */
export const controlClasses =
  "block w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm " +
  "placeholder:text-slate-500 transition-colors hover:border-slate-400 " +
  "focus-visible:border-indigo-600 focus-visible:outline-1 focus-visible:outline-offset-0 focus-visible:outline-indigo-600 " +
  "disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500 read-only:bg-slate-50 " +
  "aria-[invalid=true]:border-red-600 aria-[invalid=true]:focus-visible:border-red-600 aria-[invalid=true]:focus-visible:outline-red-600";

export type InputProps = ComponentProps<"input">;

/** Native input; `ref` is a plain prop (React 19), so `{...register("x")}` works. */
export function Input({ className, ...props }: InputProps) {
  return <input {...props} className={`${controlClasses} h-9 ${className ?? ""}`} />;
}
