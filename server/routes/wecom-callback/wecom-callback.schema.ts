import { z } from 'zod';

// WeCom signs the callback URL's query; echostr is base64, and a '+' that arrived unencoded reads as
// a space, so spaces are turned back into '+'.

const signedQuery = {
  msg_signature: z.string().min(1).max(128),
  timestamp: z.string().regex(/^\d{1,12}$/, 'expected seconds since the epoch'),
  nonce: z.string().min(1).max(128),
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
