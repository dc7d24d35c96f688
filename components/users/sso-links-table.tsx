"use client";
// A user's single sign-on links; with `removeAction` (USER_WRITE) each row has a Remove button.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTimeText } from "@/components/ui/date-time";
import type { ActionResult } from "@/lib/authz/action-result";

export type SsoLinkRow = {
  id: string;
  registrationId: string;
  loginButtonText: string | null;
  subject: string;
  createdAt: Date;
  lastSignInAt: Date | null;
};

type Props = { userId: string; links: SsoLinkRow[]; removeAction?: (input: unknown) => Promise<ActionResult<unknown>> };

export function SsoLinksTable({ userId, links, removeAction }: Props) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (links.length === 0) return <p className="text-slate-600">No single sign-on identity is linked.</p>;

  async function remove(linkId: string) {
    if (!removeAction) return;
    setPending(linkId);
    setError(null);
    const result = await removeAction({ userId, linkId }).catch(() => null);
    setPending(null);
    if (!result?.ok)
      return setError(result ? result.error : "Could not reach Keyway. Check your connection and try again.");
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <table className="w-full text-left">
        <caption className="sr-only">Single sign-on links</caption>
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 pr-4 font-medium">Integration</th>
            <th className="py-1 pr-4 font-medium">Subject</th>
            <th className="py-1 pr-4 font-medium">Linked</th>
            <th className="py-1 pr-4 font-medium">Last sign-in</th>
            {removeAction ? (
              <th className="py-1 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {links.map((l) => (
            <tr key={l.id} className="border-t border-slate-100">
              <td className="py-2 pr-4">
                {l.loginButtonText ?? l.registrationId}{" "}
                <span className="text-xs text-slate-500">({l.registrationId})</span>
              </td>
              <td className="py-2 pr-4 font-mono text-xs break-all">{l.subject}</td>
              <td className="py-2 pr-4">
                <DateTimeText value={l.createdAt} />
              </td>
              <td className="py-2 pr-4">
                <DateTimeText value={l.lastSignInAt} />
              </td>
              {removeAction ? (
                <td className="py-2">
                  <Button
                    type="button"
                    variant="secondary"
                    pending={pending === l.id}
                    disabled={pending !== null}
                    onClick={() => void remove(l.id)}
                    aria-label={`Remove link ${l.registrationId}`}
                  >
                    Remove
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
