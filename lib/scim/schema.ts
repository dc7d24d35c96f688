// The console's SCIM switch: one schema for the buttons and their server actions. Client-safe.
import { z } from "zod";

export const scimSwitchSchema = z.object({ registrationId: z.string().min(1).max(200) });
export type ScimSwitchValues = z.infer<typeof scimSwitchSchema>;

/** Provisioning settings (PATCH …/scim and the console's switch). */
export const scimSettingsSchema = z.object({
  registrationId: z.string().min(1).max(200),
  allowEmailChange: z.boolean(),
});
export type ScimSettingsValues = z.infer<typeof scimSettingsSchema>;
