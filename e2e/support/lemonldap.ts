// LemonLDAP::NG from Debian's packages as a second, independent OpenID Provider for the peers journeys: its portal
// (Demo authentication: dwho/dwho, rtyler/rtyler) run by lemonldap-ng-fastcgi-server behind nginx on 127.0.0.1,
// configured without the manager by writing its lmConf-1.json (RP, signing key, storage) into a throwaway folder.
// Ports: KEYWAY_E2E_PORT + 30 (nginx). Installs the packages when run as root and they are missing; otherwise fails
// with the exact command to run.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { APP_PORT, E2E_DIR } from "./env";

export const LLNG_PORT = APP_PORT + 30;
export const LLNG_URL = `http://127.0.0.1:${LLNG_PORT}`;
const FASTCGI_SERVER = "/usr/sbin/llng-fastcgi-server";
const NGINX = process.env.KEYWAY_NGINX ?? "/usr/sbin/nginx";
const PORTAL_PSGI = "/usr/share/lemonldap-ng/portal/htdocs/index.psgi";
/**
 * Debian's packages for the portal, its FastCGI server and nginx, with the Perl modules the portal loads at start
 * that are only Recommends (captcha, OIDC issuer), so `--no-install-recommends` stays small.
 */
export const LLNG_APT_PACKAGES = [
  "liblemonldap-ng-portal-perl",
  "lemonldap-ng-fastcgi-server",
  "nginx-light",
  "libcrypt-openssl-rsa-perl",
  "libcrypt-openssl-x509-perl",
  "libcrypt-openssl-bignum-perl",
  "libgd-securityimage-perl",
  "libimage-magick-perl",
  "libstring-random-perl",
  "libio-string-perl",
];
const INSTALL = `apt-get update && apt-get install -y --no-install-recommends ${LLNG_APT_PACKAGES.join(" ")}`;

export type LemonLdapClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
};
export type LemonLdap = { url: string; stop(): Promise<void> };

function missingPackages(): string[] {
  const res = spawnSync("dpkg-query", ["-W", "-f=${Package} ${Status}\\n", ...LLNG_APT_PACKAGES], { encoding: "utf8" });
  const ok = new Set(
    (res.stdout ?? "")
      .split("\n")
      .filter((line) => line.endsWith(" install ok installed"))
      .map((line) => line.split(" ")[0]),
  );
  return LLNG_APT_PACKAGES.filter((p) => !ok.has(p));
}

const installed = () =>
  missingPackages().length === 0 && [FASTCGI_SERVER, NGINX, PORTAL_PSGI].every((f) => existsSync(f));

/** Installs LemonLDAP::NG's packages when missing (as root), like scripts/test.ts does for Chromium and PostgreSQL. */
export function ensureLemonLdapInstalled(): void {
  if (installed()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `LemonLDAP::NG is not installed. Install it, then run this test again:\n    sudo bash -c '${INSTALL}'`,
    );
  }
  const res = spawnSync("bash", ["-c", INSTALL], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (res.status !== 0 || !installed()) throw new Error(`Could not install LemonLDAP::NG; run as root: ${INSTALL}`);
}

/** The portal's whole configuration: Demo users, file sessions in `dir`, the OP with one RS256 key and one RP. */
function portalConfig(dir: string, client: LemonLdapClient) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const storage = (name: string) => ({
    Directory: path.join(dir, name),
    LockDirectory: path.join(dir, name, "lock"),
  });
  return {
    cfgNum: 1,
    cfgVersion: "2.16.1",
    cfgAuthor: "Keyway e2e",
    cfgDate: String(Math.floor(Date.now() / 1000)),
    authentication: "Demo",
    userDB: "Same",
    passwordDB: "Demo",
    demoExportedVars: { cn: "cn", mail: "mail", uid: "uid" },
    whatToTrace: "uid",
    portal: `${LLNG_URL}/`,
    domain: "127.0.0.1",
    cookieName: "lemonldap",
    securedCookie: 0,
    timeout: 3600,
    globalStorage: "Apache::Session::File",
    globalStorageOptions: storage("sessions"),
    persistentStorage: "Apache::Session::File",
    persistentStorageOptions: storage("psessions"),
    localSessionStorage: "Cache::FileCache",
    localSessionStorageOptions: { namespace: "llng-sessions", cache_root: path.join(dir, "cache"), cache_depth: 3 },
    locationRules: { "127.0.0.1": { default: "accept" } },
    issuerDBOpenIDConnectActivation: 1,
    oidcServiceMetaDataIssuer: LLNG_URL,
    oidcServicePrivateKeySig: privateKey.export({ type: "pkcs8", format: "pem" }),
    oidcServicePublicKeySig: publicKey.export({ type: "spki", format: "pem" }),
    oidcServiceKeyIdSig: randomUUID(),
    oidcRPMetaDataOptions: {
      keyway: {
        oidcRPMetaDataOptionsClientID: client.clientId,
        oidcRPMetaDataOptionsClientSecret: client.clientSecret,
        oidcRPMetaDataOptionsRedirectUris: client.redirectUris.join(" "),
        oidcRPMetaDataOptionsPostLogoutRedirectUris: client.postLogoutRedirectUris.join(" "),
        oidcRPMetaDataOptionsIDTokenSignAlg: "RS256",
        oidcRPMetaDataOptionsBypassConsent: 1,
        oidcRPMetaDataOptionsPublic: 0,
      },
    },
    oidcRPMetaDataExportedVars: {
      // No email_verified: 2.16 cannot type a claim as boolean, so Keyway's integration trusts this IdP's addresses.
      keyway: { email: "mail", name: "cn", preferred_username: "uid" },
    },
  };
}

function nginxConfig(dir: string, socket: string, asRoot: boolean): string {
  // Debian's /etc/lemonldap-ng/portal-nginx.conf, reduced to what the portal needs, on our port and folder.
  return `${asRoot ? "user www-data;\n" : ""}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/nginx-tmp;
  fastcgi_temp_path ${dir}/nginx-tmp;
  proxy_temp_path ${dir}/nginx-tmp;
  uwsgi_temp_path ${dir}/nginx-tmp;
  scgi_temp_path ${dir}/nginx-tmp;
  server {
    listen 127.0.0.1:${LLNG_PORT};
    server_name 127.0.0.1;
    root /usr/share/lemonldap-ng/portal/htdocs/;
    if ($uri !~ ^/((static|javascript|favicon).*|.*\\.psgi)) {
      rewrite ^/(.*)$ /index.psgi/$1 break;
    }
    location ~ ^(?<sc>/.*\\.psgi)(?:$|/) {
      include /etc/nginx/fastcgi_params;
      fastcgi_pass unix:${socket};
      fastcgi_param HTTP_HOST $host:$server_port;
      fastcgi_param LLTYPE psgi;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_split_path_info ^(.*\\.psgi)(/.*)$;
      fastcgi_param PATH_INFO $fastcgi_path_info;
    }
    location /static/ { alias /usr/share/lemonldap-ng/portal/htdocs/static/; }
    location /javascript/ { alias /usr/share/javascript/; }
  }
}
`;
}

function spawnLogged(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => log.push(`[${name}] ${chunk.toString()}`);
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await exited;
}

/** A run killed before its afterAll leaves nginx and the FastCGI server holding the port: end them by their pid. */
function stopLeftovers(dir: string) {
  for (const file of ["nginx.pid", "llng-fastcgi.pid"]) {
    const pidFile = path.join(dir, file);
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : 0;
    const cmdline = pid > 0 && existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
    // Only the process the pid file names, and only if it still is ours (a pid can be reused).
    if (/nginx|llng-fastcgi/.test(cmdline)) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  }
}

/** Starts the portal (FastCGI server + nginx) with `client` registered; resolves when its discovery answers. */
export async function startLemonLdap(client: LemonLdapClient, timeoutMs = 60_000): Promise<LemonLdap> {
  ensureLemonLdapInstalled();
  const dir = path.join(E2E_DIR, "lemonldap");
  stopLeftovers(dir);
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ["conf", "sessions/lock", "psessions/lock", "cache", "nginx-tmp"]) {
    mkdirSync(path.join(dir, sub), { recursive: true });
  }
  writeFileSync(path.join(dir, "conf", "lmConf-1.json"), JSON.stringify(portalConfig(dir, client), null, 2));
  const ini = path.join(dir, "lemonldap-ng.ini");
  writeFileSync(
    ini,
    `[all]\nlogLevel = warn\n[configuration]\ntype = File\ndirName = ${dir}/conf\n` +
      `[portal]\nstaticPrefix = /static\ntemplateDir = /usr/share/lemonldap-ng/portal/templates\nlanguages = en\n`,
  );
  const socket = path.join(dir, "llng-fastcgi.sock");
  const asRoot = process.getuid?.() === 0;
  // The FastCGI server refuses to run as root: it drops to www-data, which must own the sessions and cache.
  if (asRoot) spawnSync("chown", ["-R", "www-data:www-data", dir]);
  const log: string[] = [];
  const env = {
    ...process.env,
    LLNG_DEFAULTCONFFILE: ini,
    LLNG_DEFAULTLOGGER: "Lemonldap::NG::Common::Logger::Std",
  };
  const fastcgi = spawnLogged(
    "llng-fastcgi",
    FASTCGI_SERVER,
    [
      "--foreground",
      "-n",
      "2",
      "-s",
      socket,
      "-p",
      path.join(dir, "llng-fastcgi.pid"),
      ...(asRoot ? ["-u", "www-data", "-g", "www-data"] : []),
    ],
    env,
    log,
  );
  writeFileSync(path.join(dir, "nginx.conf"), nginxConfig(dir, socket, asRoot));
  const nginx = spawnLogged("nginx", NGINX, ["-c", path.join(dir, "nginx.conf"), "-p", dir], env, log);
  const stop = async () => {
    await Promise.all([stopChild(nginx), stopChild(fastcgi)]);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [name, child] of [
      ["llng-fastcgi-server", fastcgi],
      ["nginx", nginx],
    ] as const) {
      if (child.exitCode !== null) {
        await stop();
        throw new Error(`${name} exited with ${child.exitCode}:\n${log.join("")}`);
      }
    }
    const ok = await fetch(`${LLNG_URL}/.well-known/openid-configuration`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url: LLNG_URL, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`LemonLDAP::NG did not answer within ${timeoutMs / 1000} s:\n${log.join("")}`);
}
