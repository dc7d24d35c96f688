// `npm run dev`: the whole product on one machine with no configuration. Migrates the embedded SQLite database,
// creates the first admin, starts the local demo identity provider, registers it as an integration, runs Next.js.
import { defaultDatabaseUrl } from "@/lib/db/url";
import { NEXT, NODE, PRISMA, type Service, startService, step, TSX } from "./lib/processes";

const port = process.env.PORT ?? "3000";
const idpPort = process.env.IDP_PORT ?? "3001";
const demo = process.env.KEYWAY_DEMO_IDP !== "0";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? defaultDatabaseUrl(),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://127.0.0.1:${port}`,
  DEMO_IDP_ISSUER: `http://127.0.0.1:${idpPort}`,
  // The demo IdP is on loopback: allowed in development anyway, named explicitly so a production-mode run works too.
  KEYWAY_OUTBOUND_ALLOW: process.env.KEYWAY_OUTBOUND_ALLOW ?? "127.0.0.1",
};

step("Applying database migrations", NODE, [PRISMA, "migrate", "deploy"], env);
step("Making sure an admin exists", NODE, ["--conditions=react-server", ...TSX, "scripts/keyway.ts", "bootstrap"], env);

const services: Service[] = [];
if (demo) {
  services.push(
    await startService(
      "demo-idp",
      NODE,
      [...TSX, "tools/test-idp/cli.ts"],
      { ...env, IDP_PORT: idpPort, DEMO_APP_URL: env.NEXTAUTH_URL },
      /ready at/,
    ),
  );
  step(
    "Registering the demo identity provider",
    NODE,
    ["--conditions=react-server", ...TSX, "scripts/seed-demo.ts"],
    env,
  );
}
const app = await startService(
  "keyway",
  NODE,
  [NEXT, "dev", "-H", "127.0.0.1", "-p", port],
  env,
  /Ready in|ready/i,
  120_000,
);
services.push(app);

console.log(`
  Keyway is running:   ${env.NEXTAUTH_URL}/signin
  Password sign-in:    the admin email and password printed above (first run only; reset with
                       npm run keyway -- user:set-password --email <email> --password-stdin)${
                         demo
                           ? `
  Single sign-on:      click "Sign in with Demo IdP", then at the demo IdP enter the admin's email as the
                       login (any password) and press Continue on the consent page.`
                           : ""
                       }
  Stop with Ctrl+C.
`);

const shutdown = () => {
  for (const s of services) s.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
app.child.on("exit", (code) => {
  for (const s of services) s.stop();
  process.exit(code ?? 1);
});
