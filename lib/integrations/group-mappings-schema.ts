// Group mappings as the form and the server validate them (issue 16): when a group (or claim value) is present, the
// person gets these authorities. Client-safe: no I/O.
import { z } from "zod";
import { AUTHORITIES, type Authority } from "@/lib/authz/authorities";
import { safeText } from "@/lib/validations/safe-text";

export const MAX_GROUP_MAPPINGS = 50;

export const groupMappingSchema = z.object({
  group: safeText("Group", 1, 256),
  authorities: z
    .array(z.enum(AUTHORITIES, "Choose authorities Keyway knows."), "Choose the authorities this group grants.")
    .min(1, "Choose at least one authority.")
    .transform((list) => AUTHORITIES.filter((a) => list.includes(a))),
});

export const groupMappingsSchema = z.object({
  registrationId: z.string().min(1).max(40),
  mappings: z
    .array(groupMappingSchema)
    .max(MAX_GROUP_MAPPINGS, `At most ${MAX_GROUP_MAPPINGS} mappings.`)
    .superRefine((mappings, ctx) => {
      const seen = new Set<string>();
      mappings.forEach((m, index) => {
        if (seen.has(m.group))
          ctx.addIssue({ code: "custom", path: [index, "group"], message: `${m.group} is mapped twice.` });
        seen.add(m.group);
      });
    }),
});
export type GroupMappingsInput = z.output<typeof groupMappingsSchema>;
export type GroupMapping = z.output<typeof groupMappingSchema>;

/** Whether a mapping grants every authority Keyway has (what the Administrator role grants). */
export function grantsEveryAuthority(authorities: readonly string[]): boolean {
  return AUTHORITIES.every((a) => authorities.includes(a));
}

/** The authorities the mappings give to someone whose groups claim holds `groups` (sorted as AUTHORITIES). */
export function mappedAuthorities(
  mappings: readonly { group: string; authorities: readonly string[] }[],
  groups: readonly string[],
): Authority[] {
  const granted = new Set(mappings.filter((m) => groups.includes(m.group)).flatMap((m) => m.authorities));
  return AUTHORITIES.filter((a) => granted.has(a));
}

/** Stored authorities (space-separated) as a list. */
export const authorityList = (stored: string) => stored.split(" ").filter(Boolean);
