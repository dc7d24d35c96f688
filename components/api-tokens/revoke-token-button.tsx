"use client";
// Revoke, behind a dialog naming the token: it stops working at once, on every instance.
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";

type Props = { id: string; name: string; action: (input: { id: string }) => Promise<ActionResult<unknown>> };

export function RevokeTokenButton({ id, name, action }: Props) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function revoke(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      try {
        const result = await action({ id });
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
      <Button
        type="button"
        variant="secondary"
        size="sm"
        aria-label={`Revoke ${name}`}
        onClick={() => dialog.current?.showModal()}
      >
        Revoke
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-xl border border-slate-200 p-0 text-left shadow-xl backdrop:bg-slate-900/40"
        onClose={() => setError(null)}
      >
        <form onSubmit={revoke} className="flex flex-col gap-4 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            Revoke the token {name}?
          </h2>
          <p className="text-sm text-slate-700">
            Every request with it is refused from now on, by every Keyway instance. This cannot be undone: make a new
            token if you need one again.
          </p>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending}>
              Revoke token
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
