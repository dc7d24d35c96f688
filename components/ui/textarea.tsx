import type { ComponentProps } from "react";
import { controlClasses } from "./input";

export type TextareaProps = ComponentProps<"textarea">;

/** Native textarea; `ref` is a plain prop (React 19). */
export function Textarea({ className, rows = 4, ...props }: TextareaProps) {
  return <textarea rows={rows} {...props} className={`${controlClasses} py-2 ${className ?? ""}`} />;
}
