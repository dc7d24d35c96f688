// Operator CLI: `npm run keyway -- <command> [flags]`. It parses with the console's zod schemas and calls the same
// services (audit events included), so a user made here is indistinguishable from one made in Settings > Users.
// Needs the react-server condition (`npm run keyway` passes it): lib/db.ts imports "server-only", which only
// resolves to an empty module under that condition.
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Actor } from "@/lib/audit";
import { createApiTokenSchema } from "@/lib/api-tokens/schema";
import { createApiToken } from "@/lib/api-tokens/service";
import { AUTHORITIES } from "@/lib/authz/authorities";
import { AppError } from "@/lib/errors";
import { bootstrapAdmin, describeBootstrap } from "@/lib/bootstrap";
import { publicUrl } from "@/lib/config";
import { resealSecrets } from "@/lib/integrations/reseal";
import { db } from "@/lib/db";
import { listUsers } from "@/lib/users/queries";
import { setPasswordSchema, userFormSchema } from "@/lib/users/schema";
import { createUser, setUserPassword } from "@/lib/users/service";
import { ConfigCliError, configApply, configExport, configPlan } from "./lib/config-cli";

const CLI_ACTOR: Actor = { id: null, email: "cli" };

const HELP = `Keyway operator CLI (uses DATABASE_URL; default ./data/keyway.db)

Usage: npm run keyway -- <command> [flags]

  user:create        --email E --role ADMIN|GUEST [--name N] [--authority A ...] [--password-stdin | --password P]
                     --name defaults to the part of the email before "@"; without a password the user signs in with SSO.
  user:set-password  --email E (--password-stdin | --password P)
  user:list
  bootstrap          create the first admin if there are no users (KEYWAY_ADMIN_EMAIL, KEYWAY_ADMIN_PASSWORD)
  token:create       --email E --name N --authority A [--authority A ...] [--expires-in 30d]
                     an API token for that user (authorities they hold; at most 365d, default 90d), printed once.
  secrets:reseal     re-seal every client secret with KEYWAY_SEALING_KEY (the old key as KEYWAY_SEALING_KEY_PREVIOUS);
                     idempotent and audited; fails naming each integration whose secret no configured key opens
  migrate            apply pending database migrations, then exit
  start [--migrate]  serve the production build on $KEYWAY_HOST:$PORT (default 0.0.0.0:3000); --migrate applies
                     pending migrations first
  help

Over HTTP, to any Keyway (KEYWAY_URL, KEYWAY_TOKEN; a YAML or JSON file; secrets from {fromEnv: NAME}):
  config:export      [-f keyway.yaml]   the whole sign-in configuration (stdout without -f)
  config:plan        -f keyway.yaml     the changes applying it would make; exit 2 when there are some
  config:apply       -f keyway.yaml     shows the plan, then applies it in one transaction

Authorities: ${AUTHORITIES.join(", ")}
Prefer --password-stdin: --password shows up in shell history and the process list.
Exit status: 0 done, 1 refused (invalid input, duplicate email, unknown user), 2 usage error
(config:plan: 2 when there are changes).`;

class UsageError extends Error {}
/** Input the shared schemas refused; the message is one `--flag: problem` line per field. */
class RefusedError extends Error {}

const OPTIONS = {
  email: { type: "string" },
  name: { type: "string" },
  role: { type: "string" },
  authority: { type: "string", multiple: true },
  password: { type: "string" },
  "password-stdin": { type: "boolean" },
  "expires-in": { type: "string" },
  file: { type: "string", short: "f" },
  help: { type: "boolean", short: "h" },
} as const;
type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>["values"];

// Field of a schema → the flag that fills it, so errors read like `--email: Enter a valid email address…`.
const FLAG_OF: Record<string, string> = {
  email: "--email",
  name: "--name",
  role: "--role",
  authorities: "--authority",
  password: "--password",
  expiresIn: "--expires-in",
};
const HINT_OF: Record<string, string> = {
  role: " (ADMIN or GUEST)",
  authorities: ` (one of ${AUTHORITIES.join(", ")})`,
};

function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "");
    return FLAG_OF[field] ? `${FLAG_OF[field]}: ${issue.message}${HINT_OF[field] ?? ""}` : issue.message;
  });
}

/** Parses with a shared schema; refuses (exit status 1) with every field error at once. */
function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new RefusedError(issueLines(parsed.error).join("\n"));
}

async function readPassword(flags: Flags, required: boolean): Promise<string | undefined> {
  if (flags.password !== undefined && flags["password-stdin"])
    throw new UsageError("Use --password or --password-stdin, not both.");
  if (flags["password-stdin"]) {
    if (process.stdin.isTTY) console.error("Type the password, then press Enter and Ctrl-D:");
    // Like `docker login --password-stdin`: everything on stdin, minus one trailing newline.
    return (await text(process.stdin)).replace(/\r?\n$/, "");
  }
  if (flags.password === undefined && required)
    throw new UsageError("Give the password with --password-stdin (or --password).");
  return flags.password;
}

function onlyFlags(flags: Flags, allowed: (keyof Flags)[]): void {
  const extra = Object.keys(flags).filter(
    (flag) => flags[flag as keyof Flags] !== undefined && !allowed.includes(flag as keyof Flags),
  );
  if (extra.length > 0) throw new UsageError(`This command does not take ${extra.map((f) => `--${f}`).join(", ")}.`);
}

const createCliSchema = userFormSchema.extend({ password: setPasswordSchema.shape.password.optional() });

async function userCreate(flags: Flags): Promise<void> {
  onlyFlags(flags, ["email", "name", "role", "authority", "password", "password-stdin"]);
  const email = flags.email ?? "";
  const input = parseOrRefuse(createCliSchema, {
    email,
    name: flags.name ?? email.trim().split("@")[0],
    role: flags.role ?? "",
    authorities: flags.authority ?? [],
    password: await readPassword(flags, false),
  });
  const { id } = await createUser(CLI_ACTOR, input);
  console.log(`Created ${input.role} ${input.email} (id ${id}).`);
  if (!input.password) console.log("No password set: they sign in with SSO, or run user:set-password.");
}

async function userSetPassword(flags: Flags): Promise<void> {
  onlyFlags(flags, ["email", "password", "password-stdin"]);
  const input = parseOrRefuse(setPasswordSchema, {
    email: flags.email ?? "",
    password: await readPassword(flags, true),
  });
  await setUserPassword(CLI_ACTOR, input.email, input.password);
  console.log(`Password set for ${input.email}.`);
}

async function userList(flags: Flags): Promise<void> {
  onlyFlags(flags, []);
  const rows = (await listUsers()).map((u) => [
    u.email,
    u.name,
    u.role,
    u.authorities.join(",") || "-",
    u.disabled ? "disabled" : "active",
    u.lastSignInAt?.toISOString() ?? "never",
  ]);
  const table = [["EMAIL", "NAME", "ROLE", "EXTRA AUTHORITIES", "STATUS", "LAST SIGN-IN"], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
}

async function bootstrap(flags: Flags): Promise<void> {
  onlyFlags(flags, []);
  const message = describeBootstrap(await bootstrapAdmin(), `${publicUrl()}/signin`);
  console.log(message ?? "Users already exist: nothing to do.");
}

async function tokenCreate(flags: Flags): Promise<void> {
  onlyFlags(flags, ["email", "name", "authority", "expires-in"]);
  const email = (flags.email ?? "").trim().toLowerCase();
  const values = parseOrRefuse(createApiTokenSchema, {
    name: flags.name ?? "",
    authorities: flags.authority ?? [],
    expiresIn: flags["expires-in"] ?? undefined,
  });
  const owner = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!owner) throw new RefusedError(`--email: no user ${email || "(none given)"}.`);
  const created = await createApiToken(CLI_ACTOR, owner.id, values);
  // The token goes to stdout alone on its line (for scripts); it is never stored or shown again.
  console.error(
    `Created the API token "${values.name}" for ${owner.email} (${created.authorities.join(", ")}; expires ${created.expiresAt.toISOString()}). Copy it now:`,
  );
  console.log(created.token);
}

const fileFlag = (flags: Flags, required: boolean) => {
  onlyFlags(flags, ["file"]);
  if (required && !flags.file) throw new UsageError("Name the document with -f keyway.yaml.");
  return flags.file;
};

/** Commands whose exit status is their own (config:plan: 2 when there are changes). */
const STATUS_COMMANDS: Record<string, (flags: Flags) => Promise<number>> = {
  "config:export": (flags) => configExport(fileFlag(flags, false)),
  "config:plan": (flags) => configPlan(fileFlag(flags, true)!),
  "config:apply": (flags) => configApply(fileFlag(flags, true)!),
};

async function secretsReseal(flags: Flags): Promise<void> {
  onlyFlags(flags, []);
  const report = await resealSecrets(CLI_ACTOR);
  const plural = (n: number) => `${n} secret${n === 1 ? "" : "s"}`;
  console.log(
    `Re-sealed ${plural(report.counts.resealed)} of ${report.resealed.length} integration(s); ${report.counts.current} already sealed with the current key (${report.keyId}).`,
  );
  if (report.failed.length === 0) return;
  const lines = report.failed.map(
    (f) =>
      `${f.registrationId}: cannot decrypt the ${f.what} (sealed with key ${f.keyId ?? "?"}, which is not configured). Set KEYWAY_SEALING_KEY_PREVIOUS to that key and run again, or enter the secret again on the integration's Edit page.`,
  );
  throw new RefusedError(lines.join("\n"));
}

const COMMANDS: Record<string, (flags: Flags) => Promise<void>> = {
  "user:create": userCreate,
  "user:set-password": userSetPassword,
  "user:list": userList,
  "token:create": tokenCreate,
  bootstrap,
  "secrets:reseal": secretsReseal,
};

async function main(argv: string[]): Promise<number> {
  const [command = "help", ...rest] = argv;
  try {
    if (command === "help" || command === "--help" || command === "-h") return (console.log(HELP), 0);
    const run = COMMANDS[command];
    const runWithStatus = STATUS_COMMANDS[command];
    if (!run && !runWithStatus) throw new UsageError(`Unknown command "${command}".`);
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false });
    if (values.help) return (console.log(HELP), 0);
    if (runWithStatus) return await runWithStatus(values);
    await run(values);
    return 0;
  } catch (error) {
    return report(error);
  }
}

const codeOf = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? "");

function report(error: unknown): number {
  if (error instanceof UsageError || codeOf(error).startsWith("ERR_PARSE_ARGS")) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (error instanceof RefusedError || error instanceof ConfigCliError) console.error(error.message);
  else if (error instanceof AppError && error.fieldErrors) {
    for (const [field, message] of Object.entries(error.fieldErrors))
      console.error(`${FLAG_OF[field] ?? field}: ${message}`);
  } else if (error instanceof AppError) console.error(error.message);
  else if (error instanceof z.ZodError) console.error(issueLines(error).join("\n"));
  else if (codeOf(error) === "P2021") {
    console.error(
      "This database has no Keyway tables yet: run `npm run keyway -- migrate` with the same DATABASE_URL.",
    );
  } else console.error(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2)).finally(() => db.$disconnect());
