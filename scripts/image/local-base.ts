// A local stand-in for node:24-bookworm-slim on machines that cannot pull images: Debian bookworm (debootstrap from
// the machine's Debian mirror) with the official Node.js 24 binary and its headers in /usr/local, and npm, laid out
// as the official image lays them out. Built once per Node.js version and kept in podman's image store.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureNodeRuntime, ensurePackage, NPM_FOR_IMAGES } from "../lib/tool-cache";

const IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function debianMirror(): string {
  for (const file of ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"]) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const uri = /^URIs:\s*(\S+)/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return "http://deb.debian.org/debian";
}

/** The local base image's name, building it first when podman does not have it. */
export function ensureLocalBase(env: NodeJS.ProcessEnv): string {
  const node = ensureNodeRuntime("24");
  const name = `localhost/keyway-node:${node.version}-bookworm`;
  if (spawnSync("podman", ["image", "exists", name], { env }).status === 0) return name;

  const rootfs = path.join(os.tmpdir(), `keyway-rootfs-${process.pid}`);
  rmSync(rootfs, { recursive: true, force: true });
  try {
    console.log(`▶ debootstrap --variant=minbase bookworm (${debianMirror()})`);
    execFileSync("debootstrap", ["--variant=minbase", "bookworm", rootfs, debianMirror()], { stdio: "ignore", env });
    for (const junk of ["var/lib/apt/lists", "var/cache/apt/archives"]) {
      rmSync(path.join(rootfs, junk), { recursive: true, force: true });
      mkdirSync(path.join(rootfs, junk, "partial"), { recursive: true });
    }
    const local = path.join(rootfs, "usr", "local");
    cpSync(path.join(node.bin, "node"), path.join(local, "bin", "node"));
    cpSync(path.join(node.home, "include", "node"), path.join(local, "include", "node"), { recursive: true });
    cpSync(ensurePackage("npm", NPM_FOR_IMAGES), path.join(local, "lib", "node_modules", "npm"), { recursive: true });
    symlinkSync("../lib/node_modules/npm/bin/npm-cli.js", path.join(local, "bin", "npm"));
    symlinkSync("../lib/node_modules/npm/bin/npx-cli.js", path.join(local, "bin", "npx"));
    console.log(`▶ podman import → ${name}`);
    const tar = spawnSync(
      "sh",
      [
        "-c",
        `tar -C '${rootfs}' -c . | podman import --change 'ENV PATH=${IMAGE_PATH}' --change 'CMD ["node"]' - '${name}'`,
      ],
      {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    if (tar.status !== 0) throw new Error(`podman import of ${name} failed`);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  return name;
}
