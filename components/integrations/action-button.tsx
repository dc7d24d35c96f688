"use client";
// One button for one server action (already bound to its input): pending state, the error in an alert, and on
// success a refresh or a move to `doneHref` (which carries the success message).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = {
  label: string;
  action: () => Promise<ActionResult<unknown>>;
  doneHref?: string;
  variant?: "primary" | "secondary" | "ghost" | "danger";
};

export function ActionButton({ label, action, doneHref, variant = "secondary" }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action();
        if (!result.ok) return setError(result.error);
        if (doneHref) router.push(doneHref);
        router.refresh();
      } catch {
        setError("Could not reach Keyway. Check your connection and try again.");
      }
    });
  };
  return (
    <div className="flex flex-col items-start gap-2">
      <Button type="button" variant={variant} pending={pending} onClick={run}>
        {label}
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
