// Which Keyway this process runs: the package version (bundled from package.json) and the Node.js version.
import packageJson from "../../package.json";

export const KEYWAY_VERSION: string = packageJson.version;
export const NODE_VERSION = process.version;
