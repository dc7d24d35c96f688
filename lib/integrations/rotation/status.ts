// What the page and the API say about an integration's client secrets during a rotation. Client-safe, no I/O.

/** The IdP must have accepted the next secret this many times, right after refusing the current one. */
export const PROMOTION_ACCEPTANCES = 3;

export type SecretUse = { addedAt: Date | null; lastAcceptedAt: Date | null; lastRejectedAt: Date | null };
export type NextSecretUse = SecretUse & {
  addedByEmail: string | null;
  acceptedAfterRejection: number;
  /** False when the Token URI's origin changed since it was entered: it is then never sent. */
  usable: boolean;
};
export type SecretsStatus = { current: SecretUse; next: NextSecretUse | null; promotionSuggested: boolean };

const after = (a: Date | null, b: Date | null) => !!a && (!b || a > b);

/**
 * Keyway offers Promote next secret once the IdP accepted the next secret PROMOTION_ACCEPTANCES times after refusing
 * the current one, and has not accepted the current one since it last refused it.
 */
export function promotionSuggested(current: SecretUse, next: NextSecretUse | null): boolean {
  return (
    !!next &&
    next.usable &&
    next.acceptedAfterRejection >= PROMOTION_ACCEPTANCES &&
    after(current.lastRejectedAt, current.lastAcceptedAt)
  );
}
