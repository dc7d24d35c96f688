"use client";
// Link single sign-on: one button per enabled integration. The server action binds the round trip to this user
// (signed cookie), then the browser goes through the IdP exactly as at sign-in. An integration already linked is
// offered again: proving an existing link re-activates it after a less privileged admin changed its key settings.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";

export type LinkTarget = { registrationId: string; loginButtonText: string; linked: boolean };

export function LinkSsoButtons({
  targets,
  action,
}: {
  targets: LinkTarget[];
  action: (input: unknown) => Promise<ActionResult<unknown>>;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (targets.length === 0) return <p className="text-slate-600">No integration is enabled.</p>;

  async function link(registrationId: string) {
    setPending(registrationId);
    setError(null);
    const result = await action({ registrationId }).catch(() => null);
    if (!result?.ok) {
      setPending(null);
      setError(result ? result.error : "Could not reach Keyway. Check your connection and try again.");
      return;
    }
    await signIn(registrationId, { callbackUrl: `/profile?linked=${encodeURIComponent(registrationId)}` });
  }

  return (
    <div className="flex flex-col gap-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <ul className="flex flex-col gap-2" aria-label="Link single sign-on">
        {targets.map((t) => (
          <li key={t.registrationId}>
            <Button
              type="button"
              variant="secondary"
              pending={pending === t.registrationId}
              disabled={pending !== null}
              onClick={() => void link(t.registrationId)}
            >
              {t.linked ? "Link single sign-on again" : "Link single sign-on"}: {t.loginButtonText}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
