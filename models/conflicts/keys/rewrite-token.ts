import { Types } from 'mongoose';

/**
 * A conflict-index document's new rewrite token, set by every write that does anything but append to its list
 * (index-tails.ts). A fresh ObjectId: never reused, so a deleted and re-created document never looks like its old self.
 */
export const newRewriteToken = (): string => new Types.ObjectId().toHexString();
