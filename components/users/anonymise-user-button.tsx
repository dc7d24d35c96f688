"use client";
// Anonymise on request, behind a dialog that asks for the user's email: it cannot be undone. Authorized and checked
// (disabled, not break-glass, not you, not more privileged) on the server.
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = { userId: string; email: string; action: (input: { id: string }) => Promise<ActionResult<unknown>> };

export function AnonymiseUserButton({ userId, email, action }: Props) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const confirmId = useId();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function anonymise(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      try {
        const result = await action({ id: userId });
        if (!result.ok) return setError(result.error);
        dialog.current?.close();
        router.refresh();
      } catch {
        setError("Could not reach Keyway. Check your connection and try again.");
      }
    });
  }

  return (
    <>
      <Button type="button" variant="danger" onClick={() => dialog.current?.showModal()}>
        Anonymise…
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-xl border border-slate-200 p-0 text-left shadow-xl backdrop:bg-slate-900/40"
        onClose={() => {
          setError(null);
          setTyped("");
        }}
      >
        <form onSubmit={anonymise} className="flex flex-col gap-4 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            Anonymise {email}?
          </h2>
          <p className="text-sm text-slate-700">
            Their email, name, password, single sign-on links, sessions, API tokens and authorities are removed for
            good. The account stays disabled as the subject of the Audit Log, whose earlier events keep what they
            recorded. This cannot be undone.
          </p>
          <div className="flex flex-col gap-1.5 text-sm">
            <label htmlFor={confirmId} className="font-medium text-slate-900">
              Type the email to confirm
            </label>
            <Input id={confirmId} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" />
          </div>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending} disabled={typed.trim() !== email}>
              Anonymise user
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
