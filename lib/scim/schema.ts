// The console's SCIM switch: one schema for the buttons and their server actions. Client-safe.
import { z } from "zod";

export const scimSwitchSchema = z.object({ registrationId: z.string().min(1).max(200) });
export type ScimSwitchValues = z.infer<typeof scimSwitchSchema>;
