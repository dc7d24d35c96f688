"use client";
// Anonymise on request, behind a dialog that asks for the user's email: it cannot be undone. Authorized and checked
// (disabled, not break-glass, not you, not more privileged) on the server.
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = { userId: string; email: string; action: (input: { id: string }) => Promise<ActionResult<unknown>> };

export function AnonymiseUserButton({ userId, email, action }: Props) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={{ label: "Anonymise…" }}
      title={`Anonymise ${email}?`}
      confirmLabel="Anonymise user"
      typeToConfirm={{ label: "Type the email to confirm", expected: email }}
      run={async () => {
        const result = await action({ id: userId });
        if (!result.ok) return result.error;
        router.refresh();
        return null;
      }}
    >
      Their email, name, password, single sign-on links, sessions, API tokens and authorities are removed for good. The
      account stays disabled as the subject of the Audit Log, whose earlier events keep what they recorded. This cannot
      be undone.
    </ConfirmDialog>
  );
}
