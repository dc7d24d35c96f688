// Schemas of the single sign-on link forms (Link single sign-on on Your profile; Remove on a user's page). Client-safe.
import { z } from "zod";

export const startSsoLinkSchema = z.object({ registrationId: z.string().min(1).max(40) });
export const removeSsoLinkSchema = z.object({ userId: z.string().min(1).max(64), linkId: z.string().min(1).max(64) });
