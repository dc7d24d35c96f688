// CPU time on Linux, for the benchmarks: what one process and the whole machine spent (from /proc), and a CPU quota
// per process (a cgroup, as a Kubernetes pod's `resources.limits.cpu` is), so that a replica's share of the cores is
// fixed whatever else the machine runs. Only the benchmarks use it; nothing here is on Keyway's serving path.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Cores each replica gets in bench:replicas' second pair of runs, unless BENCH_REPLICA_CPU says otherwise. */
export const DEFAULT_REPLICA_CPU = 0.5;

/** Linux's USER_HZ: /proc counts CPU time in ticks of 1/100 s on every architecture Node.js supports. */
const TICK_MS = 10;

/** CPU time (user + system) a live process has spent, in ms; 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU time every core of the machine has spent busy (everything but idle and iowait), in ms. */
export function machineBusyMs(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
}

export type CpuQuota = {
  /** Command and arguments that start `cmd` inside the quota (it joins the group before it runs). */
  wrap(cmd: string, args: string[]): [string, string[]];
  /** Removes the group; call once every process in it has exited. */
  remove(): void;
};

const V2_ROOT = "/sys/fs/cgroup";
const V1_CPU = "/sys/fs/cgroup/cpu";
const PERIOD_US = 100_000;

/**
 * A cgroup limited to `cpus` cores (0.5 = half a core), on cgroup v2 (`cpu.max`) or v1 (`cpu.cfs_quota_us`).
 * Throws with what is missing when this machine cannot do it (not Linux, not root, no cpu controller).
 */
export function createCpuQuota(name: string, cpus: number): CpuQuota {
  if (!(cpus > 0)) throw new Error(`A CPU quota must be a positive number of cores, not ${cpus}.`);
  if (process.getuid?.() !== 0) throw new Error("A CPU quota per replica needs root (it creates a cgroup).");
  const quotaUs = Math.round(cpus * PERIOD_US);
  let dir: string;
  const controllers = path.join(V2_ROOT, "cgroup.controllers");
  if (existsSync(controllers) && readFileSync(controllers, "utf8").split(/\s+/).includes("cpu")) {
    writeFileSync(path.join(V2_ROOT, "cgroup.subtree_control"), "+cpu");
    dir = path.join(V2_ROOT, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "cpu.max"), `${quotaUs} ${PERIOD_US}`);
  } else if (existsSync(path.join(V1_CPU, "cpu.cfs_quota_us"))) {
    dir = path.join(V1_CPU, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "cpu.cfs_period_us"), String(PERIOD_US));
    writeFileSync(path.join(dir, "cpu.cfs_quota_us"), String(quotaUs));
  } else {
    throw new Error(`No cgroup cpu controller here (neither ${controllers} with cpu nor ${V1_CPU}).`);
  }
  const procs = path.join(dir, "cgroup.procs");
  return {
    // The shell moves itself into the group, then execs the command: the command never runs outside the quota.
    wrap: (cmd, args) => ["/bin/sh", ["-c", `echo $$ > '${procs}' && exec "$0" "$@"`, cmd, ...args]],
    remove: () => {
      try {
        rmdirSync(dir);
      } catch {
        // A process still in it (or already removed): the group is left for the next run to reuse.
      }
    },
  };
}
