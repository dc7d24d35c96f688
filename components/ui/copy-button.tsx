"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "./button";

export type CopyButtonProps = { value: string; label?: string; className?: string };

function legacyCopy(value: string): boolean {
  const textarea = document.createElement("textarea");
  textarea.value = value;
  textarea.setAttribute("readonly", "");
  textarea.setAttribute("aria-hidden", "true");
  textarea.style.position = "fixed";
  textarea.style.top = "-1000px";
  textarea.style.opacity = "0";
  document.body.appendChild(textarea);
  textarea.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    textarea.remove();
  }
}

/** Copies `value`; the button keeps its name, a polite live region next to it says "Copied" for 2 s. */
export function CopyButton({ value, label = "Copy", className }: CopyButtonProps) {
  const [status, setStatus] = useState<"" | "Copied" | "Copy failed">("");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    let ok = false;
    try {
      if (navigator.clipboard?.writeText && window.isSecureContext) {
        await navigator.clipboard.writeText(value);
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!ok) ok = legacyCopy(value);
    setStatus(ok ? "Copied" : "Copy failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(""), 2000);
  }

  return (
    <span className={`inline-flex items-center gap-2 ${className ?? ""}`}>
      <Button type="button" variant="secondary" size="sm" onClick={copy}>
        {label}
      </Button>
      <span
        aria-live="polite"
        className={`text-xs font-medium ${status === "Copy failed" ? "text-red-700" : "text-green-700"}`}
      >
        {status}
      </span>
    </span>
  );
}
