import type { ReviewLedgerEntry } from './review-data.js';

// SEAM (conflicts issue): conflicts raised per rep. Until the conflict-case model lands, a conflict
// is counted when the ledger records a ruling (撞单裁决) that moved one of the rep's customers, to or
// from them. When conflict cases exist, count the cases the rep filed or was named in today instead
// (replace this function; the digest calls nothing else for conflicts).
export function conflictsRaised(entriesOfRepToday: readonly ReviewLedgerEntry[]): number {
  return new Set(entriesOfRepToday.filter((e) => e.action === 'ruling').map((e) => String(e.customerId))).size;
}
