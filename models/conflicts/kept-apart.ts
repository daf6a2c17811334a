import { parseCompanyName } from './keys/company-name.js';
import { DuplicateFlagModel } from './duplicate-flag.model.js';

// Pairs ops kept apart (保留两者) are remembered by their normalised names, so no later import flags a
// row carrying one name against a customer carrying the other again.

/** The key of a pair of names, the same in either order. */
export function keptKeyOf(a: string, b: string): string {
  return [parseCompanyName(a).normalized, parseCompanyName(b).normalized].sort().join('|');
}

/** Which of these pair keys ops kept apart. */
export async function keptApartKeys(keys: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) {
    return new Set();
  }
  const kept = await DuplicateFlagModel.find({ keptKey: { $in: unique } }, { keptKey: 1 }).lean();
  return new Set(kept.map((f) => f.keptKey!).filter(Boolean));
}
