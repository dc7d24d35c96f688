// Minimal typings for the parts of oidc-provider 9 this folder uses (the package ships none).
// Names follow @types/oidc-provider so that package could replace this file.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export type ClaimsUse = "id_token" | "userinfo";

  export interface Account {
    accountId: string;
    claims(use: ClaimsUse, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export type FindAccount = (ctx: unknown, id: string, token?: unknown) => Promise<Account | undefined>;

  /** The slice of Koa's context the middleware here touches. */
  export interface KoaContextWithOIDC {
    method: string;
    path: string;
    status: number;
    body: unknown;
    req: IncomingMessage;
    request: { req: IncomingMessage };
    response: { req: IncomingMessage; is(...types: string[]): string | false };
    get(field: string): string;
    set(field: string, value: string): void;
    is(...types: string[]): string | false | null;
    throw(status: number, message?: string): never;
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export type Configuration = Record<string, unknown>;

  /** The OAuth errors oidc-provider answers with (only the one used here). */
  export const errors: {
    InvalidClientAuth: new (detail: string) => Error;
  };

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    use(middleware: Middleware): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
