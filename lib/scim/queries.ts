// What the console shows about an integration's provisioning (never a token or its hash).
import "server-only";
import { db } from "@/lib/db";
import { type ScimStats, scimStats } from "./activity";

export type ScimStatus =
  | { enabled: false }
  | {
      enabled: true;
      tokenPrefix: string;
      rotatedAt: Date | null;
      previousValidUntil: Date | null;
      allowEmailChange: boolean;
      stats: ScimStats;
    };

export async function scimStatusOf(integrationId: string): Promise<ScimStatus> {
  const row = await db.scimProvisioning.findUnique({
    where: { integrationId },
    select: {
      tokenPrefix: true,
      rotatedAt: true,
      previousValidUntil: true,
      previousTokenHash: true,
      allowEmailChange: true,
    },
  });
  if (!row) return { enabled: false };
  return {
    enabled: true,
    tokenPrefix: row.tokenPrefix,
    rotatedAt: row.rotatedAt,
    previousValidUntil: row.previousTokenHash ? row.previousValidUntil : null,
    allowEmailChange: row.allowEmailChange,
    stats: await scimStats(integrationId),
  };
}

/** Integrations that provisioned users (for the Users list's filter). */
export async function provisioningIntegrations(): Promise<string[]> {
  const rows = await db.integration.findMany({
    where: { scimUsers: { some: {} } },
    select: { registrationId: true },
    orderBy: { registrationId: "asc" },
  });
  return rows.map((r) => r.registrationId);
}
