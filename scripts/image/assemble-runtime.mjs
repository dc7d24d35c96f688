// The container image's build stage runs this after `npm run build` (with KEYWAY_BUILD_STANDALONE=1): it lays out
// the application folder the runtime stage copies, and refuses a layout that would carry a devDependency.
//   node scripts/image/assemble-runtime.mjs <target folder>
// What goes in: Next.js's standalone server (server.js, the traced node_modules it uses, .next/server), the static
// assets, the compiled `keyway` command (dist/), the Prisma schemas and migrations, and Prisma's CLI with its
// dependencies (for `keyway migrate`: Next.js traces only what the server loads).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const target = process.argv[2];
if (!target) {
  console.error("usage: node scripts/image/assemble-runtime.mjs <target folder>");
  process.exit(2);
}
if (!existsSync(".next/standalone/server.js")) {
  console.error("No standalone build: run KEYWAY_BUILD_STANDALONE=1 npm run build first.");
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

const copy = (from, to = from) => cpSync(from, path.join(target, to), { recursive: true, verbatimSymlinks: true });
copy(".next/standalone", ".");
copy(".next/static", ".next/static");
if (existsSync("public")) copy("public");
copy("dist");
for (const flavour of ["sqlite", "postgresql"]) {
  copy(`prisma/${flavour}/schema.prisma`);
  copy(`prisma/${flavour}/migrations`);
}

/** The folder Node would load `name` from when required from `fromDir`. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === path.dirname(dir)) return null;
  }
}

/** Every installed package `name` needs at run time (dependencies and installed optional ones), as folders. */
function closure(name, fromDir, seen = new Map()) {
  const dir = resolvePackage(name, fromDir);
  if (!dir) throw new Error(`${name} (needed from ${fromDir}) is not installed`);
  if (seen.has(dir)) return seen;
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  seen.set(dir, manifest.name);
  for (const dep of Object.keys(manifest.dependencies ?? {})) closure(dep, dir, seen);
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) {
    if (resolvePackage(dep, dir)) closure(dep, dir, seen);
  }
  return seen;
}

const root = process.cwd();
const migrateTool = closure("prisma", root);
for (const dir of migrateTool.keys()) {
  // Each package without its nested node_modules: the nested packages it needs are in the closure themselves.
  cpSync(dir, path.join(target, path.relative(root, dir)), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => path.relative(dir, source).split(path.sep)[0] !== "node_modules",
  });
}

// The production image carries no devDependency: the runtime stage has nothing but these files.
const { devDependencies = {} } = JSON.parse(readFileSync("package.json", "utf8"));
const installed = (dir) =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((entry) =>
        entry.startsWith("@") ? readdirSync(path.join(dir, entry)).map((sub) => `${entry}/${sub}`) : [entry],
      )
    : [];
const devInImage = installed(path.join(target, "node_modules")).filter((name) => name in devDependencies);
if (devInImage.length > 0) {
  console.error(`The image would carry devDependencies: ${devInImage.join(", ")}`);
  process.exit(1);
}
console.log(`Assembled ${target}: standalone server, dist/, prisma/, and ${migrateTool.size} packages for migrate`);
