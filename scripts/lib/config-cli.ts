// `npm run keyway -- config:export|plan|apply`: the configuration document over Keyway's HTTP API (KEYWAY_URL,
// KEYWAY_TOKEN), so one pipeline drives any Keyway it can reach. YAML or JSON files; secrets stay in the environment
// and are read only when a document is sent (`clientSecret: {fromEnv: NAME}`).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

export class ConfigCliError extends Error {}

type Env = Record<string, string | undefined>;

type Change = {
  target: "integration" | "signInPolicy";
  registrationId?: string;
  action: "create" | "update" | "delete";
  fields: Record<string, unknown>;
  notes: string[];
};
export type PlanAnswer = { configVersion: number; hasChanges: boolean; changes: Change[]; unmanaged: string[] };

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i;

export function connection(env: Env = process.env): { url: string; token: string } {
  const url = (env.KEYWAY_URL ?? "").replace(/\/+$/, "");
  const token = env.KEYWAY_TOKEN ?? "";
  if (!url || !URL.canParse(url))
    throw new ConfigCliError("Set KEYWAY_URL to Keyway's address, e.g. https://keyway.example.com.");
  if (!token) throw new ConfigCliError("Set KEYWAY_TOKEN to an API token (Settings > API tokens, or token:create).");
  const { protocol, hostname } = new URL(url);
  // Why: the token (and the secrets in a document) would cross the network in clear text.
  if (protocol !== "https:" && !LOOPBACK.test(hostname) && env.KEYWAY_ALLOW_INSECURE_URL !== "1") {
    throw new ConfigCliError("KEYWAY_URL must use https (plain http is allowed for loopback addresses only).");
  }
  return { url, token };
}

async function call(path: string, init: { method: string; body?: unknown }, env?: Env) {
  const { url, token } = connection(env);
  let response: Response;
  try {
    response = await fetch(`${url}/api/v1${path}`, {
      method: init.method,
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  } catch (error) {
    throw new ConfigCliError(`Could not reach ${url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConfigCliError(`${url} answered HTTP ${response.status} without JSON: is KEYWAY_URL Keyway's address?`);
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; fields?: Record<string, string> } }).error;
    const lines = [`${error?.message ?? `HTTP ${response.status}`} (${error?.code ?? response.status})`];
    for (const [field, message] of Object.entries(error?.fields ?? {})) lines.push(`  ${field}: ${message}`);
    throw new ConfigCliError(lines.join("\n"));
  }
  return body;
}

/** A -f path as the operator typed it: from the directory they ran the command in (the `keyway` command moves to
 * the application's folder before it loads this, and says where it came from in KEYWAY_CALLER_CWD). */
const fromCaller = (file: string) => path.resolve(process.env.KEYWAY_CALLER_CWD ?? process.cwd(), file);

export function readDocument(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(fromCaller(file), "utf8");
  } catch {
    throw new ConfigCliError(`Cannot read ${file}.`);
  }
  // YAML is a superset of JSON: one parser reads both.
  const doc: unknown = YAML.parse(text);
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new ConfigCliError(`${file} is not a document.`);
  return doc as Record<string, unknown>;
}

/** The document with each `{fromEnv: NAME}` secret replaced by the variable's value; refuses when one is not set. */
export function resolveSecrets(doc: Record<string, unknown>, env: Env = process.env) {
  const missing: string[] = [];
  const integrations = Array.isArray(doc.integrations) ? doc.integrations : [];
  const resolved = integrations.map((integration: unknown, index: number) => {
    const secret = (integration as { clientSecret?: unknown })?.clientSecret;
    const name = (secret as { fromEnv?: unknown } | null)?.fromEnv;
    if (typeof name !== "string") return integration;
    const value = env[name];
    if (!value) {
      missing.push(`${name} is not set (integrations[${index}].clientSecret)`);
      return integration;
    }
    return { ...(integration as object), clientSecret: value };
  });
  if (missing.length > 0) throw new ConfigCliError(missing.join("\n"));
  return Array.isArray(doc.integrations) ? { ...doc, integrations: resolved } : doc;
}

const show = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : String(value));

/** A plan as people read it: + create, ~ update (field: before → after), - delete, and what is left alone. */
export function formatPlan(plan: PlanAnswer): string {
  const lines = [`Plan against configuration version ${plan.configVersion}:`];
  for (const change of plan.changes) {
    const sign = change.action === "create" ? "+" : change.action === "delete" ? "-" : "~";
    lines.push(
      `${sign} ${change.target === "integration" ? `integration ${change.registrationId}` : "sign-in policy"}`,
    );
    for (const [field, value] of Object.entries(change.fields)) {
      if (value === "changed" || value === "set") lines.push(`    ${field}: (${value})`);
      else if (value && typeof value === "object" && "from" in value) {
        const { from, to } = value as { from: unknown; to: unknown };
        lines.push(`    ${field}: ${show(from)} → ${show(to)}`);
      } else lines.push(`    ${field}: ${show(value)}`);
    }
    for (const note of change.notes) lines.push(`    note: ${note}`);
  }
  if (plan.unmanaged.length > 0)
    lines.push(`Left as they are (not in the document; prune is off): ${plan.unmanaged.join(", ")}`);
  const count = plan.changes.length;
  lines.push(count === 0 ? "No changes." : `${count} change${count === 1 ? "" : "s"}.`);
  return lines.join("\n");
}

export async function configExport(file: string | undefined, env?: Env): Promise<number> {
  const doc = await call("/config", { method: "GET" }, env);
  const text = file?.endsWith(".json") ? `${JSON.stringify(doc, null, 2)}\n` : YAML.stringify(doc);
  if (file) {
    writeFileSync(fromCaller(file), text);
    console.log(`Exported the configuration to ${file}.`);
  } else process.stdout.write(text);
  return 0;
}

async function plan(file: string, env?: Env) {
  const doc = resolveSecrets(readDocument(file), env);
  return { doc, plan: (await call("/config/plan", { method: "POST", body: doc }, env)) as PlanAnswer };
}

/** Exit status 2 when there are changes (CI can fail a build on drift), 0 when none. */
export async function configPlan(file: string, env?: Env): Promise<number> {
  const { plan: answer } = await plan(file, env);
  console.log(formatPlan(answer));
  return answer.hasChanges ? 2 : 0;
}

export async function configApply(file: string, env?: Env): Promise<number> {
  const { doc, plan: answer } = await plan(file, env);
  console.log(formatPlan(answer));
  if (!answer.hasChanges) return 0;
  const applied = (await call(
    "/config/apply",
    { method: "POST", body: { configVersion: answer.configVersion, document: doc } },
    env,
  )) as { configVersion: number; changes: unknown[] };
  const count = applied.changes.length;
  console.log(`Applied ${count} change${count === 1 ? "" : "s"}; configuration version ${applied.configVersion}.`);
  return 0;
}
