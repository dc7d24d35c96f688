// Driver adapters for Prisma's JavaScript schema engine (migrate dev/deploy), with fixes for bugs seen on that
// path (numbered as in shared/notes/offline-stack.md). Only the CLI loads this file; the app uses lib/db.ts.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseFlavour, postgresConfig, sqliteFilePath } from "./url";

export async function migrationAdapter(url: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  return databaseFlavour(url) === "sqlite" ? sqliteMigrationAdapter(url) : postgresMigrationAdapter(url);
}

function sqliteMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url: file });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    // Bug 2: the engine sends whole migration scripts as one argument-free statement to the shadow database;
    // better-sqlite3 prepares one statement only, so route those through executeScript.
    connectToShadowDb: async () => scriptAwareShadow(await factory.connectToShadowDb()),
  };
}

function scriptAwareShadow(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeRaw") {
        return async (query: { sql: string; args: unknown[] }) => {
          if (query.args.length === 0) {
            await target.executeScript(query.sql);
            return 0;
          }
          return target.executeRaw(query as never);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// Bug 3: adapter-pg cannot map pg_catalog's `name` (19) and `char` (18) columns that migrate reads; pg already
// returns them as strings, so report them as text (25).
class CatalogFriendlyClient extends pg.Client {
  override query(...args: unknown[]): never {
    const relabel = (res: pg.QueryResult | undefined) => {
      for (const field of res?.fields ?? []) {
        if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
      }
      return res;
    };
    // pg.Pool calls query(config, values, callback); adapter code may also await the promise form.
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (err: Error | null, res?: pg.QueryResult) => void;
      args[last] = (err: Error | null, res?: pg.QueryResult) => callback(err, relabel(res));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<pg.QueryResult>).then === "function") {
      return (result as Promise<pg.QueryResult>).then(relabel) as never;
    }
    return result as never;
  }
}

function postgresMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  // Bug 4: with a connectionString the shadow pool reaches the real database, so pass separate fields.
  const config = { ...postgresConfig(url), Client: CatalogFriendlyClient };
  const shadowName = `${config.database}_shadow_${process.pid}`;
  const factory = new PrismaPg(config);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: async () => {
      const admin = new pg.Client(postgresConfig(url));
      await admin.connect();
      await admin.query(`CREATE DATABASE "${shadowName}"`);
      await admin.end();
      const shadow = await new PrismaPg({ ...config, database: shadowName }).connect();
      // Bug 5: the adapter drops the shadow database before closing its pool; close first, then drop.
      return new Proxy(shadow, {
        get(target, prop, receiver) {
          if (prop === "dispose") {
            return async () => {
              await target.dispose();
              const dropper = new pg.Client(postgresConfig(url));
              await dropper.connect();
              await dropper.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
              await dropper.end();
            };
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
  };
}
