// Runs once when a Keyway server starts (Node.js runtime only): see lib/startup.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before any request: the peer address header that sign-in throttling relies on (lib/http/peer-address.ts).
    const { installPeerAddressHeader } = await import("./lib/http/peer-address");
    installPeerAddressHeader();
    const { onServerStart } = await import("./lib/startup");
    await onServerStart();
    // Heartbeat, housekeeping under database leases, graceful shutdown (lib/ops/).
    const { startOps } = await import("./lib/ops/start");
    startOps();
  }
}
