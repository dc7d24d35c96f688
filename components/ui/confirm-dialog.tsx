"use client";
// A destructive action behind a modal dialog: a trigger button, what will happen, optionally a value to type before
// the action is offered, Cancel and the action. The action runs on the server; its refusal shows in the dialog.
import { type ReactNode, useId, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonSize } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export type ConfirmDialogProps = {
  trigger: { label: ReactNode; ariaLabel?: string; size?: ButtonSize; variant?: "secondary" | "danger" };
  title: ReactNode;
  /** What the action does, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  /** The action is offered only once this value is typed (e.g. the Registration ID of what is deleted). */
  typeToConfirm?: { label: string; expected: string; placeholder?: string };
  /** Runs the action with what was typed: null when done (the dialog closes), or the message to show. */
  run: (typed: string) => Promise<string | null>;
};

const UNREACHABLE = "Could not reach Keyway. Check your connection and try again.";

export function ConfirmDialog({ trigger, title, children, confirmLabel, typeToConfirm, run }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      try {
        const refused = await run(typed);
        if (refused) return setError(refused);
        dialog.current?.close();
      } catch {
        setError(UNREACHABLE);
      }
    });
  }

  return (
    <>
      <Button
        type="button"
        variant={trigger.variant ?? "danger"}
        size={trigger.size}
        aria-label={trigger.ariaLabel}
        onClick={() => dialog.current?.showModal()}
      >
        {trigger.label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-full max-w-md rounded-xl border border-slate-200 p-0 text-left shadow-xl backdrop:bg-slate-900/40"
        onClose={() => {
          setTyped("");
          setError(null);
        }}
      >
        <form
          // Sent before hydration, the browser submits the form itself: POST keeps what was typed out of the URL.
          method="post"
          onSubmit={confirm}
          className="flex flex-col gap-4 p-5"
        >
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div className="text-sm text-slate-700">{children}</div>
          {error ? <Alert tone="error">{error}</Alert> : null}
          {typeToConfirm ? (
            <div className="flex flex-col gap-1.5 text-sm">
              <label htmlFor={`${id}-confirm`} className="font-medium text-slate-900">
                {typeToConfirm.label}
              </label>
              <Input
                id={`${id}-confirm`}
                value={typed}
                autoComplete="off"
                spellCheck={false}
                placeholder={typeToConfirm.placeholder}
                onChange={(e) => setTyped(e.currentTarget.value)}
              />
            </div>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="danger"
              pending={pending}
              disabled={typeToConfirm ? typed.trim() !== typeToConfirm.expected : false}
            >
              {confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
