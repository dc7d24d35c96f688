// What a sign-in provider needs of a rotation: the next secret (only for the origin it was entered for) and where
// to report which secret the IdP accepted.
import "server-only";
import { type ClientAuthOutcome, loadNextSecretsForAuth, recordClientAuth, usableNextSecret } from "./secrets";

/** Loads every next secret once; the returned function gives one integration's rotation settings. */
export async function rotationFor() {
  const next = await loadNextSecretsForAuth();
  return (row: { id: string; tokenUri: string }) => ({
    nextClientSecret: usableNextSecret(next.get(row.id), row.tokenUri),
    onClientAuth: (outcomes: ClientAuthOutcome[]) => void recordClientAuth(row.id, outcomes),
  });
}
