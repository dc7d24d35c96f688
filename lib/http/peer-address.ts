// Stamps every incoming request with its TCP peer address, in a header that clients cannot set (it is
// overwritten). next-auth's authorize() sees only headers, and Next keeps a client-sent X-Forwarded-For as is,
// so without this the address used for throttling would be whatever the client claims.
import http from "node:http";
import { PEER_HEADER } from "./client-address";

let installed = false;

export function installPeerAddressHeader(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return (emit as (this: http.Server, e: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}
