import { z } from 'zod';
import { roles } from '../../models/org/employee.model.js';

// Building blocks shared by the API schemas. Every object is strict, so an unexpected key (including
// a MongoDB operator such as `$gt`) is refused, and every field has a scalar type, so `{"$gt": ""}`
// where a string is expected fails validation before anything reaches a query.

export const objectId = z
  .string()
  .regex(/^[a-f\d]{24}$/i, '不是有效的 ID')
  .describe('24-character hex id');

export const idParams = z.strictObject({ id: objectId });
export type IdParams = z.infer<typeof idParams>;

// Characters nobody types on purpose: C0/C1 controls (tab and line breaks allowed), DEL, and the
// bidirectional overrides and isolates that make stored text display as something else (U+202E).
export const controlCharacters =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Free text a person typed: trimmed, bounded, no control characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多 ${max} 个字`)
    .refine((s) => !controlCharacters.test(s), '包含不可见的控制字符');

/** Optional free-text fields, each bounded by its maximum length: `optionalTexts({ boss: 50, address: 200 })`. */
export function optionalTexts<const F extends Record<string, number>>(maxLengths: F) {
  const fields = Object.entries(maxLengths).map(([name, max]) => [name, text(max).optional()]);
  return Object.fromEntries(fields) as { [K in keyof F]: z.ZodOptional<ReturnType<typeof text>> };
}

/** A multi-line note kept as typed (not trimmed): bounded, no control characters. */
export const note = (max: number) =>
  z
    .string()
    .max(max, `最多 ${max} 个字`)
    .refine((s) => !controlCharacters.test(s), '包含不可见的控制字符');

/** What answers show a thing by: its id and its name (spread first into the object that shows it). */
export const named = { id: z.string(), name: z.string() };

/** An employee as answers show them: the CRM id, the WeCom userid, the name and the role. */
export const employeeIdentity = { id: z.string(), userId: z.string(), name: z.string(), role: z.enum(roles) };

/**
 * A view's `can` map, answered by the permission policy: one boolean per action, in the order given, true exactly
 * when the action would succeed now; `notes` describe the actions that need a word.
 */
export function canMap<const A extends string>(actions: readonly A[], notes: Partial<Record<A, string>> = {}) {
  const flag = (action: A) => (notes[action] === undefined ? z.boolean() : z.boolean().describe(notes[action]));
  return z.object(Object.fromEntries(actions.map((action) => [action, flag(action)])) as Record<A, z.ZodBoolean>);
}

export const reason = text(200).optional().describe("Why, in the user's words; kept in the ledger");

/** A query-string integer (query values arrive as strings). */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, '必须是整数')
    .transform(Number)
    .pipe(z.number().int().min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`));

export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('Machine-readable error code, e.g. VALIDATION_FAILED'),
    message: z.string().describe('Chinese message safe to show to the user'),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string().optional(),
  }),
});
