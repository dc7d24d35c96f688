// Inputs of the staged-rollout writes (console actions and JSON API alike). Client-safe.
import { z } from "zod";

const registrationId = z.string().min(1).max(40);
/** The live version the admin read; optional for automation that does not care. */
const version = z.number("Send the version you read (GET this integration).").int().positive().optional();

export const promoteDraftSchema = z.object({ registrationId, version });
/** Writes that name only the integration (Discard draft, Check now, Accept current state). */
export const integrationRefSchema = z.object({ registrationId });
export const discardDraftSchema = integrationRefSchema;
export const rollbackSchema = z.object({ registrationId, version, toVersion: z.number().int().positive().optional() });
export const draftSignInSchema = z.object({ registrationId });

/** Why a kept configuration became live (the history's "How" column). */
export const VERSION_REASONS: Record<string, string> = {
  baseline: "Before history was kept",
  create: "Created",
  update: "Saved",
  "draft-promote": "Draft promoted",
  rollback: "Rolled back",
  "secret-promote": "Next secret promoted",
};

/** Save as draft from the Edit form: its values; `editingDraft` when the form started from the draft (Edit draft). */
export const draftFormFields = { editingDraft: z.boolean().default(false) };
