import { Types } from 'mongoose';
import { DuplicateFlagModel } from '../../conflicts/duplicate-flag.model.js';
import { keptApartKeys, keptKeyOf } from '../../conflicts/kept-apart.js';
import type { Accepted, ImportReport } from './import-customers.js';

// The 疑似重复 flags of an import: each doubtful row imported beside the customer it may duplicate, for
// ops to merge or keep both (models/conflicts/merge/); pairs once kept apart are never flagged again.

/** Records the flags of imported rows (疑似重复), now that every row has its customer id. */
export async function recordFlags(
  accepted: Accepted[],
  ids: (Types.ObjectId | null)[],
  report: ImportReport,
  now: Date,
) {
  const idOfLine = new Map(accepted.map((a, i) => [a.row.line, ids[i] ?? null]));
  // Pairs ops kept apart (保留两者) are never flagged again.
  const kept = await keptApartKeys(
    accepted.flatMap((a) => (a.flag ? [keptKeyOf(a.row.name, a.flag.candidate.name)] : [])),
  );
  const flags = accepted.flatMap((a, i) => {
    const id = ids[i];
    if (!a.flag || !id || kept.has(keptKeyOf(a.row.name, a.flag.candidate.name))) {
      return [];
    }
    const candidateId = a.flag.candidate.customerId ?? String(idOfLine.get(a.flag.candidate.line ?? -1) ?? '');
    report.flagged.push({
      line: a.row.line,
      name: a.row.name,
      customerId: String(id),
      candidate: { ...a.flag.candidate, customerId: candidateId || null },
      reason: a.flag.reason,
    });
    // lean inserts skip casting: the candidate's id is stored as an ObjectId, as every query expects it.
    return candidateId
      ? [
          {
            customerId: id,
            candidateId: new Types.ObjectId(candidateId),
            reason: a.flag.reason,
            status: 'open',
            createdAt: now,
          },
        ]
      : [];
  });
  if (flags.length > 0) {
    await DuplicateFlagModel.insertMany(flags, { lean: true });
  }
}
