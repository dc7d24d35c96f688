// `npm run bench:memory`: where the memory of Keyway's production server goes. Starts the production build (run
// `npm run build` first) on a fresh SQLite file with the inspector on loopback, seeds integrations through the JSON
// API the way `npm run bench` does, runs sign-in flows and sign-in pages, then prints the process tree's RSS, the
// server's /proc smaps_rollup, process.memoryUsage(), V8 heap spaces and the loaded code. A diagnostic, not a test.
//   BENCH_PORT (default 3750: IdP, +2 Keyway, +3 inspector)  MEMORY_INTEGRATIONS (default 1000)
//   MEMORY_SNAPSHOT=<prefix>: also write V8 heap snapshots of the server (after seeding, at the end)
//   MEMORY_PROFILE=<file>: sample allocations while seeding (top allocators printed)
//   MEMORY_NODE_FLAGS="…": the server's Node flags instead of SERVER_NODE_FLAGS (npm start's; " " for none)
//   MEMORY_SERVER_LOG=<file>: the server's stdout (e.g. with MEMORY_NODE_FLAGS="--trace-gc")
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startIdp } from "../tools/test-idp/server";
import { NEXT, NODE, SERVER_NODE_FLAGS } from "../scripts/lib/processes";
import { percentile, signInFlow, timedGet, treeRssMb } from "./http";
import { BENCH_CLIENT, benchAdmin, benchLogin, prepareKeyway, regId, waitFor } from "./keyway";

const PORT = Number(process.env.BENCH_PORT ?? 3750);
const IDP = `http://127.0.0.1:${PORT}`;
const KEYWAY = `http://127.0.0.1:${PORT + 2}`;
const INSPECT = PORT + 3;
const COUNT = Number(process.env.MEMORY_INTEGRATIONS ?? 1000);
const DIR = path.resolve(".tmp", "bench-memory");
const LOGIN = benchLogin(0);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

type Inspector = {
  call(method: string, params?: object): Promise<unknown>;
  snapshot(): Promise<string>;
  close(): void;
};

/** A session with the server's inspector (loopback only). */
async function connect(): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${INSPECT}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  let chunks: string[] = [];
  const pending = new Map<number, (v: unknown) => void>();
  ws.onmessage = (event) => {
    const msg = JSON.parse(String(event.data)) as { id?: number; method?: string; params?: { chunk: string } };
    if (msg.method === "HeapProfiler.addHeapSnapshotChunk") chunks.push(msg.params!.chunk);
    if (msg.id !== undefined) pending.get(msg.id)?.((msg as { result?: unknown }).result);
  };
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      id += 1;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    call,
    async snapshot() {
      chunks = [];
      await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      return chunks.join("");
    },
    close: () => ws.close(),
  };
}

let session: Inspector | null = null;
async function inspect(expression: string): Promise<unknown> {
  session ??= await connect();
  if (expression === "snapshot") return session.snapshot();
  const res = (await session.call("Runtime.evaluate", {
    expression,
    returnByValue: true,
    awaitPromise: true,
    includeCommandLineAPI: true,
  })) as { result: { value: unknown } };
  return res.result.value;
}

type ProfileNode = {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
};

/** The functions that allocated the most (sampled), with their bytes. */
function topAllocators(root: ProfileNode, n = 25): string[] {
  const by = new Map<string, number>();
  const walk = (node: ProfileNode, stack: string[]) => {
    const f = node.callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(\.next|node_modules)\//, "$1/")}:${f.lineNumber}`;
    by.set(name, (by.get(name) ?? 0) + node.selfSize);
    for (const c of node.children) walk(c, [...stack, name]);
  };
  walk(root, []);
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${mb(v).padStart(9)}  ${k}`);
}

function tree(root: number): { pid: number; cmd: string; rssKb: number }[] {
  const ps = spawnSync("ps", ["-eo", "pid=,ppid=,rss=,args="], { encoding: "utf8" }).stdout.trim().split("\n");
  const rows = ps.map((l) => {
    const [pid, ppid, rss, ...cmd] = l.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), rssKb: Number(rss), cmd: cmd.join(" ").slice(0, 100) };
  });
  const out: typeof rows = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    const row = rows.find((r) => r.pid === pid);
    if (row) out.push(row);
    queue.push(...rows.filter((r) => r.ppid === pid).map((r) => r.pid));
  }
  return out;
}

async function main() {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const idp = await startIdp({
    port: PORT,
    clients: [
      {
        ...BENCH_CLIENT,
        redirectUris: Array.from({ length: COUNT }, (_, i) => `${KEYWAY}/api/auth/callback/${regId(i)}`),
      },
    ],
  });
  const env = prepareKeyway(process.env, KEYWAY, DIR);
  const server = spawn(
    NODE,
    [
      ...(process.env.MEMORY_NODE_FLAGS?.split(" ").filter(Boolean) ?? SERVER_NODE_FLAGS),
      `--inspect=127.0.0.1:${INSPECT}`,
      NEXT,
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(PORT + 2),
    ],
    {
      env,
      stdio: [
        "ignore",
        process.env.MEMORY_SERVER_LOG ? openSync(process.env.MEMORY_SERVER_LOG, "w") : "ignore",
        "inherit",
      ],
    },
  );
  const report = async (label: string) => {
    const pid = server.pid!;
    const smaps = Object.fromEntries(
      readFileSync(`/proc/${pid}/smaps_rollup`, "utf8")
        .split("\n")
        .slice(1)
        .map((l) => l.split(/:\s+/))
        .filter((p) => p.length === 2)
        .map(([k, v]) => [k, Number.parseInt(v!, 10)]),
    ) as Record<string, number>;
    const inside = (await inspect(`(() => {
      const v8 = require("v8");
      const m = process.memoryUsage();
      const spaces = v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size, s.space_size]);
      const code = v8.getHeapCodeStatistics();
      const mods = Object.keys(require.cache).length;
      return { m, spaces, code, mods };
    })()`)) as {
      m: NodeJS.MemoryUsage;
      spaces: [string, number, number][];
      code: Record<string, number>;
      mods: number;
    };
    console.log(`\n## ${label}`);
    console.log(`tree RSS ${treeRssMb(pid).toFixed(0)} MB`);
    for (const p of tree(pid)) console.log(`  pid ${p.pid} ${(p.rssKb / 1024).toFixed(0)} MB  ${p.cmd}`);
    console.log(
      `smaps_rollup: Rss ${(smaps.Rss! / 1024).toFixed(0)} MB (anon ${(smaps.Anonymous! / 1024).toFixed(0)}, file ${((smaps.Rss! - smaps.Anonymous!) / 1024).toFixed(0)})`,
    );
    const { m } = inside;
    console.log(
      `memoryUsage: rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`,
    );
    console.log(
      `heap spaces (used/size): ${inside.spaces.map(([n, u, s]) => `${n.replace("_space", "")} ${mb(u)}/${mb(s)}`).join(", ")}`,
    );
    console.log(
      `code: ${mb(inside.code.code_and_metadata_size!)} code+metadata, ${mb(inside.code.bytecode_and_metadata_size!)} bytecode, ${mb(inside.code.external_script_source_size!)} external script source; require.cache ${inside.mods} modules`,
    );
  };
  try {
    await waitFor(`${KEYWAY}/signin`, server);
    await report("after start (one GET /signin)");
    if (process.env.MEMORY_SNAPSHOT)
      writeFileSync(`${process.env.MEMORY_SNAPSHOT}.start.heapsnapshot`, (await inspect("snapshot")) as string);
    const admin = await benchAdmin(KEYWAY);
    await admin.createUser(LOGIN, "Bench User");
    if (process.env.MEMORY_PROFILE) {
      session ??= await connect();
      await session.call("HeapProfiler.startSampling", {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: false,
      });
    }
    for (let i = 0; i < COUNT; i += 1) await admin.createIntegration(i, IDP, i === 0);
    await report(`after seeding ${COUNT} integrations`);
    if (process.env.MEMORY_SNAPSHOT) {
      writeFileSync(`${process.env.MEMORY_SNAPSHOT}.seeded.heapsnapshot`, (await inspect("snapshot")) as string);
      await report("after seeding, once a heap snapshot collected garbage");
    }
    const pages: number[] = [];
    const callbacks: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      pages.push(await timedGet(`${KEYWAY}/signin`));
      await timedGet(`${KEYWAY}/api/auth/providers`);
    }
    for (let i = 0; i < 30; i += 1) callbacks.push((await signInFlow(KEYWAY, regId(0), LOGIN)).callbackMs);
    // Rough, single-run timings: enough to see whether a setting slows requests down, not a benchmark.
    console.log(
      `\nsign-in page p50 ${percentile(pages, 50).toFixed(1)} ms, callback p50 ${percentile(callbacks, 50).toFixed(1)} ms`,
    );
    await Promise.all(Array.from({ length: 50 }, () => timedGet(`${KEYWAY}/signin`)));
    await report("after sign-in pages, /providers and 30 sign-ins");
    if (process.env.MEMORY_PROFILE) {
      const { profile } = (await session!.call("HeapProfiler.stopSampling")) as { profile: { head: ProfileNode } };
      writeFileSync(process.env.MEMORY_PROFILE, JSON.stringify(profile));
      console.log("allocations that survived a scavenge while seeding and serving (sampled):");
      for (const line of topAllocators(profile.head)) console.log(`  ${line}`);
    }
    if (process.env.MEMORY_SMAPS) writeFileSync(process.env.MEMORY_SMAPS, readFileSync(`/proc/${server.pid}/smaps`));
    // The live heap: what is left after a full collection (garbage is most of the heap between collections).
    session ??= await connect();
    await session.call("HeapProfiler.collectGarbage");
    await report("at the end, after a full garbage collection (the live heap)");
    if (process.env.MEMORY_SNAPSHOT) {
      writeFileSync(`${process.env.MEMORY_SNAPSHOT}.end.heapsnapshot`, (await inspect("snapshot")) as string);
      await report("at the end, once a heap snapshot collected garbage");
    }
  } finally {
    session?.close();
    if (server.exitCode === null) server.kill("SIGTERM");
    await idp.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
