"use client";
// Delete, behind a dialog that names the integration and asks for its Registration ID to be typed.
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = {
  registrationId: string;
  loginButtonText: string;
  linkedAccounts: number;
  action: (input: { registrationId: string; confirmation: string }) => Promise<ActionResult<unknown>>;
};

export function DeleteIntegrationDialog({ registrationId, loginButtonText, linkedAccounts, action }: Props) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [confirmation, setConfirmation] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function remove(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      try {
        const result = await action({ registrationId, confirmation });
        if (!result.ok) return setError(Object.values(result.fieldErrors ?? {})[0] ?? result.error);
        dialog.current?.close();
        router.push("/settings/oauth-integrations?deleted=" + encodeURIComponent(registrationId));
        router.refresh();
      } catch {
        setError("Could not reach Keyway. Check your connection and try again.");
      }
    });
  }

  return (
    <>
      <Button type="button" variant="danger" onClick={() => dialog.current?.showModal()}>
        Delete
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-md rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => {
          setConfirmation("");
          setError(null);
        }}
      >
        <form
          // Sent before hydration, the browser submits the form itself: POST keeps passwords and secrets out of the URL.
          method="post"
          onSubmit={remove}
          className="flex flex-col gap-4 p-5"
        >
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            Delete the integration {registrationId}?
          </h2>
          <p className="text-sm text-slate-700">
            The “{loginButtonText}” button leaves the sign-in screen and {linkedAccounts}{" "}
            {linkedAccounts === 1 ? "user loses the link" : "users lose their links"} to this identity provider. The
            users themselves are kept: they can still sign in with a password or another integration. This cannot be
            undone.
          </p>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex flex-col gap-1.5">
            <label htmlFor={`${id}-confirm`} className="font-medium text-slate-900">
              Type the Registration ID to confirm
            </label>
            <Input
              id={`${id}-confirm`}
              value={confirmation}
              autoComplete="off"
              spellCheck={false}
              placeholder={registrationId}
              onChange={(e) => setConfirmation(e.target.value)}
            />
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending} disabled={confirmation.trim() !== registrationId}>
              Delete integration
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
