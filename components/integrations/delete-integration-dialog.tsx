"use client";
// Delete, behind a dialog that names the integration and asks for its Registration ID to be typed.
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = {
  registrationId: string;
  loginButtonText: string;
  linkedAccounts: number;
  action: (input: { registrationId: string; confirmation: string }) => Promise<ActionResult<unknown>>;
};

export function DeleteIntegrationDialog({ registrationId, loginButtonText, linkedAccounts, action }: Props) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={{ label: "Delete" }}
      title={`Delete the integration ${registrationId}?`}
      confirmLabel="Delete integration"
      typeToConfirm={{
        label: "Type the Registration ID to confirm",
        expected: registrationId,
        placeholder: registrationId,
      }}
      run={async (confirmation) => {
        const result = await action({ registrationId, confirmation });
        if (!result.ok) return Object.values(result.fieldErrors ?? {})[0] ?? result.error;
        router.push("/settings/oauth-integrations?deleted=" + encodeURIComponent(registrationId));
        router.refresh();
        return null;
      }}
    >
      The “{loginButtonText}” button leaves the sign-in screen and {linkedAccounts}{" "}
      {linkedAccounts === 1 ? "user loses the link" : "users lose their links"} to this identity provider. The users
      themselves are kept: they can still sign in with a password or another integration. This cannot be undone.
    </ConfirmDialog>
  );
}
