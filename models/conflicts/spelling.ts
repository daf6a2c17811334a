// How far apart two spellings are, for name-similarity.ts: edit distance over code points, and each name's code
// points and numbers kept per name (the same candidates come up check after check).

// The DP rows of editDistance, reused (they only grow): a check compares a query with hundreds of candidates.
let table = new Float64Array(256);

/**
 * Optimal-string-alignment distance over code points, where a substitution costs 1 and swapping two
 * neighbours costs 0.5 (a swap is a keyboard slip, not a different name).
 */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  if (table.length < rows * cols) {
    table = new Float64Array(rows * cols * 2);
  }
  const d = table;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 0.5);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

// Numbers in any script: 12, 一号 / 二号, 壹 / 贰 — companies numbered apart are different companies.
export const digitsOf = (s: string) => s.replace(/[^\d零〇一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]/g, '');

/** A core name's code points and numbers, kept per name: the same candidates come up check after check. */
export interface Spelling {
  readonly chars: readonly string[];
  digits: string;
}
const spellings = new Map<string, Spelling>();

export function spellingOf(text: string): Spelling {
  let spelling = spellings.get(text);
  if (spelling === undefined) {
    if (spellings.size > 50_000) {
      spellings.clear();
    }
    spelling = { chars: [...text], digits: digitsOf(text) };
    spellings.set(text, spelling);
  }
  return spelling;
}

/**
 * At most this many edits turn one into the other: keep the common start and end, change the rest
 * (editDistance is never more).
 */
export function editsAtMost(a: readonly string[], b: readonly string[]): number {
  const shorter = Math.min(a.length, b.length);
  let start = 0;
  while (start < shorter && a[start] === b[start]) start++;
  let end = 0;
  while (end < shorter - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return Math.max(a.length, b.length) - start - end;
}
