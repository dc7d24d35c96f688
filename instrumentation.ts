// Runs once when a Keyway server starts: refuse unsafe production settings, then make sure an admin exists.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { productionConfigProblems } = await import("./lib/startup-checks");
  const problems = productionConfigProblems();
  if (problems.length > 0) {
    console.error(`Keyway refuses to start in production:\n  - ${problems.join("\n  - ")}`);
    process.exit(1);
  }
  const { bootstrapAdmin, describeBootstrap } = await import("./lib/bootstrap");
  const { publicUrl } = await import("./lib/config");
  try {
    const message = describeBootstrap(await bootstrapAdmin(), `${publicUrl()}/signin`);
    if (message) console.log(`\n${message}\n`);
  } catch (error) {
    console.error(`Keyway could not bootstrap its first admin: ${(error as Error).message}`);
    process.exit(1);
  }
}
