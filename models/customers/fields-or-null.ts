import type { Customer } from './customer.model.js';

/** The named fields of a customer, in the order given, each one it lacks as null (how snapshots say "none"). */
export function fieldsOrNull<K extends keyof Customer>(
  c: Partial<Customer>,
  keys: readonly K[],
): { [P in K]: NonNullable<Customer[P]> | null } {
  return Object.fromEntries(keys.map((key) => [key, c[key] ?? null])) as { [P in K]: NonNullable<Customer[P]> | null };
}
