"use client";
// Revoke, behind a dialog naming the token: it stops working at once, on every instance.
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = { id: string; name: string; action: (input: { id: string }) => Promise<ActionResult<unknown>> };

export function RevokeTokenButton({ id, name, action }: Props) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={{ label: "Revoke", ariaLabel: `Revoke ${name}`, variant: "secondary", size: "sm" }}
      title={`Revoke the token ${name}?`}
      confirmLabel="Revoke token"
      run={async () => {
        const result = await action({ id });
        if (!result.ok) return result.error;
        router.refresh();
        return null;
      }}
    >
      Every request with it is refused from now on, by every Keyway instance. This cannot be undone: make a new token if
      you need one again.
    </ConfirmDialog>
  );
}
