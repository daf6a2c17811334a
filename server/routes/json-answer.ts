// What a domain value becomes on the wire: Koa sends a body through JSON.stringify, which calls each
// value's toJSON (a Date becomes its ISO string, an ObjectId its hex string) and drops functions.
// Routes whose domain value is sent as it is type it with asJson, so its answer schema checks it.

export type Json<T> = T extends { toJSON(...args: never[]): infer R }
  ? Json<R>
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The value as the client receives it (no copy: only its type says what serialisation makes of it). */
export function asJson<T>(value: T): Json<T> {
  return value as Json<T>;
}
