"use client";
// Disable or re-enable one user. The server refuses (and this shows) disabling your own account.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";

export type UserStatusButtonProps = {
  userId: string;
  disabled: boolean;
  action: (input: unknown) => Promise<ActionResult<{ id: string; disabled: boolean }>>;
};

export function UserStatusButton({ userId, disabled, action }: UserStatusButtonProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function toggle() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action({ id: userId, disabled: !disabled });
        if (!result.ok) {
          setError(Object.values(result.fieldErrors ?? {})[0] ?? result.error);
          return;
        }
        router.refresh();
      } catch {
        setError("Could not reach Keyway. Check your connection and try again.");
      }
    });
  }

  return (
    <div className="flex flex-col items-start gap-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="button" variant={disabled ? "secondary" : "danger"} pending={pending} onClick={toggle}>
        {disabled ? "Enable" : "Disable"}
      </Button>
    </div>
  );
}
