// On server start: refuse unsafe production settings, then make sure a first admin exists.
import { bootstrapAdmin, describeBootstrap } from "./bootstrap";
import { publicUrl } from "./config";
import { productionConfigProblems, productionConfigWarnings } from "./startup-checks";

export async function onServerStart(): Promise<void> {
  const problems = productionConfigProblems();
  if (problems.length > 0) {
    console.error(`Keyway refuses to start in production:\n  - ${problems.join("\n  - ")}`);
    process.exit(1);
  }
  for (const warning of productionConfigWarnings()) console.warn(`Keyway warning: ${warning}`);
  try {
    const message = describeBootstrap(await bootstrapAdmin(), `${publicUrl()}/signin`);
    if (message) console.log(`\n${message}\n`);
  } catch (error) {
    console.error(`Keyway could not bootstrap its first admin: ${(error as Error).message}`);
    process.exit(1);
  }
}
