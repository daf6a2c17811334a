import { z } from 'zod';

// WeCom signs the callback URL's query; echostr is base64, and a '+' that arrived unencoded reads as
// a space, so spaces are turned back into '+'.

const SIGNED_MAX = 128;
const TIMESTAMP = /^\d{1,12}$/;

const signedQuery = {
  msg_signature: z.string().min(1).max(SIGNED_MAX),
  timestamp: z.string().regex(TIMESTAMP, 'expected seconds since the epoch'),
  nonce: z.string().min(1).max(SIGNED_MAX),
};

export const verifyUrlQuery = z.object({
  ...signedQuery,
  echostr: z
    .string()
    .min(1)
    .max(4096)
    .transform((s) => s.replace(/ /g, '+')),
});
export type VerifyUrlQuery = z.infer<typeof verifyUrlQuery>;

export const eventQuery = z.object(signedQuery);
export type EventQuery = z.infer<typeof eventQuery>;

const fits = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= SIGNED_MAX;

/**
 * What eventQuery parses a query to when it accepts it as WeCom sends it (the three names, one string each,
 * within the schema's limits), read without the schema: WeCom calls at its own rate and this is most of what
 * a callback costs before its crypto. Null for anything else, which the schema answers (refusal and messages
 * included). Compared with the schema on generated queries in wecom-callback.schema.test.ts.
 */
export function plainEventQuery(query: Record<string, unknown>): EventQuery | null {
  const { msg_signature: signature, timestamp, nonce } = query;
  return fits(signature) && typeof timestamp === 'string' && TIMESTAMP.test(timestamp) && fits(nonce)
    ? { msg_signature: signature, timestamp, nonce }
    : null;
}
