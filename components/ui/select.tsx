import type { ComponentProps } from "react";
import { controlClasses } from "./input";

export type SelectProps = ComponentProps<"select">;

/** Native select; `ref` is a plain prop (React 19). */
export function Select({ className, children, ...props }: SelectProps) {
  return (
    <select {...props} className={`${controlClasses} h-9 pr-8 ${className ?? ""}`}>
      {children}
    </select>
  );
}
