"use client";
// "Sign out everywhere": ends every session of one user (their next request is signed out). Audited on the server.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";

export type SignOutEverywhereButtonProps = {
  userId: string;
  action: (input: unknown) => Promise<ActionResult<{ ended: number }>>;
};

export function SignOutEverywhereButton({ userId, action }: SignOutEverywhereButtonProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  function signOutEverywhere() {
    setAlert(null);
    startTransition(async () => {
      try {
        const result = await action({ id: userId });
        if (!result.ok) return setAlert({ tone: "error", text: result.error });
        setAlert({
          tone: "success",
          text: `Signed out everywhere (${result.data.ended} session${result.data.ended === 1 ? "" : "s"} ended).`,
        });
        router.refresh();
      } catch {
        setAlert({ tone: "error", text: "Could not reach Keyway. Check your connection and try again." });
      }
    });
  }

  return (
    <div className="flex flex-col items-start gap-3">
      {alert ? <Alert tone={alert.tone}>{alert.text}</Alert> : null}
      <Button type="button" variant="danger" pending={pending} onClick={signOutEverywhere}>
        Sign out everywhere
      </Button>
    </div>
  );
}
