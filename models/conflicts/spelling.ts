// How far apart two spellings are, for name-similarity.ts: edit distance over code points, and each name's code
// points and numbers kept per name (the same candidates come up check after check).

// The DP rows of editDistance, reused (they only grow): a check compares a query with hundreds of candidates.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance over code points, where a substitution costs 1 and swapping two
 * neighbours costs 0.5 (a swap is a keyboard slip, not a different name). A common start and end cost nothing
 * and change nothing (an alignment that does not match them is never cheaper), so only what lies between is
 * compared, in half units on three rolling rows of integers: every step is exact.
 */
export function editDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return distance(a, b, start, a.length - start - end, b.length - start - end);
}

/** The distance of a[from, from + n) and b[from, from + m). */
function distance(a: ArrayLike<number>, b: ArrayLike<number>, from: number, n: number, m: number): number {
  if (rows[0]!.length <= m) {
    rows = [new Int32Array(2 * m + 2), new Int32Array(2 * m + 2), new Int32Array(2 * m + 2)];
  }
  // Rows i - 2, i - 1 and i of the table.
  let [back, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= m; j++) prev[j] = 2 * j;
  for (let i = 1; i <= n; i++) {
    cur[0] = 2 * i;
    const ai = a[from + i - 1]!;
    for (let j = 1; j <= m; j++) {
      const bj = b[from + j - 1]!;
      let best = prev[j - 1]! + (ai === bj ? 0 : 2);
      const removed = prev[j]! + 2;
      if (removed < best) best = removed;
      const added = cur[j - 1]! + 2;
      if (added < best) best = added;
      if (i > 1 && j > 1 && ai === b[from + j - 2] && a[from + i - 2] === bj) {
        const swapped = back[j - 2]! + 1;
        if (swapped < best) best = swapped;
      }
      cur[j] = best;
    }
    const done = back;
    back = prev;
    prev = cur;
    cur = done;
  }
  return prev[m]! / 2;
}

// Numbers in any script: 12, 一号 / 二号, 壹 / 贰 — companies numbered apart are different companies.
export const digitsOf = (s: string) => s.replace(/[^\d零〇一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]/g, '');

/** A core name's code points and numbers, kept per name: the same candidates come up check after check. */
export interface Spelling {
  readonly chars: readonly string[];
  /** The code points, as numbers (what editDistance and editsAtMost compare). */
  readonly codes: Int32Array;
  digits: string;
}
const spellings = new Map<string, Spelling>();

export function spellingOf(text: string): Spelling {
  let spelling = spellings.get(text);
  if (spelling === undefined) {
    if (spellings.size > 50_000) {
      spellings.clear();
    }
    const chars = [...text];
    spelling = { chars, codes: Int32Array.from(chars, (c) => c.codePointAt(0)!), digits: digitsOf(text) };
    spellings.set(text, spelling);
  }
  return spelling;
}

/**
 * At most this many edits turn one into the other: keep the common start and end, change the rest
 * (editDistance is never more).
 */
export function editsAtMost(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const shorter = Math.min(a.length, b.length);
  let start = 0;
  while (start < shorter && a[start] === b[start]) start++;
  let end = 0;
  while (end < shorter - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return Math.max(a.length, b.length) - start - end;
}
