// Test-only: one "replica" of the sign-in throttle in its own process, for lib/auth/throttle.db.test.ts. Runs N
// check-and-count attempts at once against DATABASE_URL and prints how many were let through, as JSON.
//   node --conditions=react-server --import tsx lib/testing/throttle-replica.ts <attempts> <email> <address> <at-ms>
import { gate } from "../auth/throttle";
import { db } from "../db";

const [attempts, email, address, at] = process.argv.slice(2);
const now = new Date(Number(at));
const keys = [
  { kind: "password:account" as const, key: email },
  { kind: "password:account-address" as const, key: `${email}\u0000${address}` },
  { kind: "password:address" as const, key: address },
];
const verdicts = await Promise.all(Array.from({ length: Number(attempts) }, () => gate(keys, { now })));
console.log(JSON.stringify({ allowed: verdicts.filter((v) => v.allowed).length }));
await db.$disconnect();
