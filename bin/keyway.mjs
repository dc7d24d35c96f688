// `npm run keyway` and `npm start` run the `keyway` command as built by `npm run build` (dist/keyway.mjs): plain
// JavaScript, so it needs no devDependency at run time.
import { existsSync } from "node:fs";

const built = new URL("../dist/keyway.mjs", import.meta.url);
if (!existsSync(built)) {
  console.error(
    "Keyway is not built: run `npm run build` first (it compiles the keyway command to dist/keyway.mjs).\n" +
      "From the sources, in development: node --conditions=react-server --import tsx scripts/cli.ts <command>",
  );
  process.exit(2);
}
await import(built.href);
