"use client";
// Disable / Enable one integration. A disabled one loses its sign-in button and its URLs are refused at once.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = {
  registrationId: string;
  enabled: boolean;
  action: (input: { registrationId: string; enabled: boolean }) => Promise<ActionResult<unknown>>;
};

export function IntegrationStatusButton({ registrationId, enabled, action }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function toggle() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action({ registrationId, enabled: !enabled });
        if (!result.ok) return setError(result.error);
        router.refresh();
      } catch {
        setError("Could not reach Keyway. Check your connection and try again.");
      }
    });
  }

  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="button" variant="secondary" pending={pending} onClick={toggle}>
        {enabled ? "Disable" : "Enable"}
      </Button>
    </>
  );
}
