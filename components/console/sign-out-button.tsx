"use client";
// Sign out: the server ends this session (and says whether the IdP is next, for RP-initiated logout); next-auth then
// clears the cookie, and the browser goes where the server said.
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/authz/action-result";

export type SignOutAction = (input: unknown) => Promise<ActionResult<{ url: string }>>;

export function SignOutButton({ action }: { action: SignOutAction }) {
  const [pending, setPending] = useState(false);
  async function signOutNow() {
    setPending(true);
    // Whatever the action answers (a session that already ended is not signed in), the cookie goes and the
    // browser leaves the console.
    const result = await action({}).catch(() => null);
    await signOut({ redirect: false }).catch(() => undefined);
    window.location.assign(result?.ok ? result.data.url : "/signin");
  }
  return (
    <Button type="button" variant="ghost" size="sm" pending={pending} onClick={() => void signOutNow()}>
      Sign out
    </Button>
  );
}
