"use server";
// The console shell's own action: Sign out.
import { z } from "zod";
import { currentSessionId } from "@/lib/auth/logout/current-session";
import { signOutSession } from "@/lib/auth/logout/rp-initiated";
import { selfServiceAction } from "@/lib/authz/action";

// Sign out: ends this session's row, then answers where the browser goes (the IdP's end-session URL or /signin).
export const signOutAction = selfServiceAction(z.object({}), async (_input, user) => ({
  url: await signOutSession(user.id, await currentSessionId()),
}));
