"use client";
// One button per enabled integration, labelled exactly with its Login Button Text.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export type LoginButton = { registrationId: string; loginButtonText: string };

export function SsoButtons({ buttons, callbackUrl }: { buttons: LoginButton[]; callbackUrl: string }) {
  const [pending, setPending] = useState<string | null>(null);
  if (buttons.length === 0) return null;
  return (
    <ul className="flex flex-col gap-2" aria-label="Single sign-on">
      {buttons.map((b) => (
        <li key={b.registrationId}>
          <Button
            type="button"
            variant="secondary"
            className="w-full"
            pending={pending === b.registrationId}
            disabled={pending !== null}
            onClick={() => {
              setPending(b.registrationId);
              void signIn(b.registrationId, { callbackUrl });
            }}
          >
            {b.loginButtonText}
          </Button>
        </li>
      ))}
    </ul>
  );
}
