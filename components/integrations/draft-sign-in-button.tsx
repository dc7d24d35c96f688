"use client";
// Sign in with draft: asks Keyway for this browser's one-use draft intent, then starts a real sign-in through the
// integration, which the draft serves this one time (admins only; everyone else keeps the live configuration).
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export function DraftSignInButton({ registrationId }: { registrationId: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/integrations/draft-sign-in", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ registrationId }),
      });
      if (!res.ok) {
        setPending(false);
        return setError(((await res.json()) as { error?: string }).error ?? "Could not start the sign-in.");
      }
      await signIn(registrationId, { callbackUrl: "/" });
    } catch {
      setPending(false);
      setError("Could not reach Keyway. Check your connection and try again.");
    }
  };
  return (
    <div className="flex flex-col items-start gap-2">
      <Button type="button" variant="secondary" pending={pending} onClick={() => void start()}>
        Sign in with draft
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
