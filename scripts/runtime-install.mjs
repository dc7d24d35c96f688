// `node scripts/runtime-install.mjs --node 24`: the install half of `npm run test:runtime -- --node 24` (a fresh
// clone of HEAD, `npm ci` with that official Node.js), runnable before this checkout has node_modules. CI starts it
// beside the checkout's own `npm ci` (both spend a minute compiling better-sqlite3 on one core each); the runtime
// check then goes on from the installed clone. Exit 1 on failure.
import { parseArgs } from "node:util";
import { installClone, NODE_RUNTIMES } from "./lib/node-runtime.mjs";

const { values } = parseArgs({ options: { node: { type: "string" } } });
if (!values.node || !(values.node in NODE_RUNTIMES)) {
  console.error(`usage: node scripts/runtime-install.mjs --node ${Object.keys(NODE_RUNTIMES).join("|")}`);
  process.exit(2);
}
try {
  const { dir, runtime, steps } = installClone(values.node);
  console.log(`\n✔ Node.js ${runtime.version}: ${dir} cloned and installed`);
  for (const [name, seconds] of steps) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  process.exit(1);
}
