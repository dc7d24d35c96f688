// The Keyway user an SSO sign-in matched (and the session row opened for it), handed from next-auth's signIn callback to its jwt callback. Within one
// callback request next-auth passes the same `user` object to both, so jwt need not read the database again.
// A WeakMap: nothing is added to next-auth's objects, and entries vanish with the request.
export type CarriedUser = { id: string; email: string; name: string; sessionId: string };

const carried = new WeakMap<object, CarriedUser>();

export function carryUser(user: object, keywayUser: CarriedUser): void {
  carried.set(user, keywayUser);
}

export function carriedUser(user: object): CarriedUser | undefined {
  return carried.get(user);
}
