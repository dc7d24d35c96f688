import { readCliOptions } from "./cli-config";
import { startIdp } from "./server";

// Entry for the local demo and Playwright's webServer: `tsx tools/test-idp/cli.ts`.
async function main(): Promise<void> {
  const idp = await startIdp(readCliOptions(process.env));
  console.log(`Demo identity provider ready at ${idp.issuer}`);

  const shutdown = () => {
    idp.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
