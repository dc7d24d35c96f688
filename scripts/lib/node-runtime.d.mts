// Types of node-runtime.mjs (plain JavaScript, so that it runs before the checkout's own npm ci).
export declare const NODE_RUNTIMES: { readonly "22": "22.23.5"; readonly "24": "24.22.3" };
export type NodeMajor = keyof typeof NODE_RUNTIMES;
export type NodeRuntime = { home: string; bin: string; version: string };
export type InstalledClone = { dir: string; runtime: NodeRuntime; steps: [string, number][] };

export declare function toolCacheDir(): string;
export declare function packAndUnpack(spec: string, dir: string): string;
export declare function ensureNodeRuntime(major: NodeMajor): NodeRuntime;
export declare function runtimeEnv(runtime: NodeRuntime): NodeJS.ProcessEnv;
export declare function runtimeClone(major: NodeMajor): { dir: string; record: string };
export declare function installClone(major: NodeMajor): InstalledClone;
export declare function installedClone(major: NodeMajor): InstalledClone | null;
