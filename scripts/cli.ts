// The `keyway` command (`npm run keyway -- <command>`; the container image's entrypoint). `start` and `migrate`
// need no database client (scripts/runtime.ts); every other command is the operator CLI (scripts/keyway.ts), loaded
// only when asked for. `npm run build` compiles this file to dist/keyway.mjs.
import { parseArgs } from "node:util";
import { APP_ROOT, migrate, start } from "./runtime";

// Relative paths (the SQLite default, bcrypt's worker) resolve from the application's folder, wherever it runs; a
// file the operator names (config:plan -f keyway.yaml) resolves from where they ran the command.
process.env.KEYWAY_CALLER_CWD ??= process.env.INIT_CWD ?? process.cwd();
process.chdir(APP_ROOT);
const [command, ...rest] = process.argv.slice(2);

if (command === "start") {
  const { values } = parseArgs({ args: rest, options: { migrate: { type: "boolean" } }, strict: true });
  process.exitCode = await start({ migrate: values.migrate ?? false });
} else if (command === "migrate") {
  parseArgs({ args: rest, options: {}, strict: true });
  process.exitCode = migrate();
} else {
  await import("./keyway");
}
