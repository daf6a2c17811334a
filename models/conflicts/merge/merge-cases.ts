import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../shared/duplicate-key.js';
import { ConflictCaseModel, type ConflictCase } from '../cases/conflict-case.model.js';

// The 撞单 complaints of a merged-away customer move to its survivor. An open complaint keeps its
// one-per-rep-and-customer key (`<customerId>:<complainantId>`), now on the survivor; when the same
// rep already has an open complaint about the survivor, the moved one is closed as folded into it (the
// rep has one complaint about one company). Each case is updated on its own, so a rerun finishes the rest.

const openKeyOf = (customerId: Types.ObjectId, complainantId: Types.ObjectId) =>
  `${String(customerId)}:${String(complainantId)}`;

async function moveCase(c: ConflictCase & { _id: Types.ObjectId }, to: Types.ObjectId, toName: string, now: Date) {
  const repoint = { customerId: to, customerName: toName };
  if (!c.openKey) {
    await ConflictCaseModel.updateOne({ _id: c._id, customerId: c.customerId }, { $set: repoint });
    return;
  }
  try {
    await ConflictCaseModel.updateOne(
      { _id: c._id, customerId: c.customerId },
      { $set: { ...repoint, openKey: openKeyOf(to, c.complainantId) } },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    if (c.status !== 'open') {
      // A ruling in progress finishes on its own key (still unique, naming the tombstone) and closes it.
      await ConflictCaseModel.updateOne({ _id: c._id, customerId: c.customerId }, { $set: repoint });
      return;
    }
    const open = await ConflictCaseModel.findOne({ openKey: openKeyOf(to, c.complainantId) }, { _id: 1 }).lean();
    await ConflictCaseModel.updateOne(
      { _id: c._id, customerId: c.customerId },
      {
        $set: { ...repoint, status: 'withdrawn', withdrawnAt: now, foldedInto: open?._id ?? null },
        $unset: { openKey: 1 },
      },
    );
  }
}

/** Re-points every complaint about `from` (and those citing it as the complainant's own record) to `to`. */
export async function moveCases(from: Types.ObjectId, to: Types.ObjectId, toName: string, now: Date): Promise<void> {
  const cases = await ConflictCaseModel.find({ customerId: from }).lean<(ConflictCase & { _id: Types.ObjectId })[]>();
  for (const c of cases) {
    await moveCase(c, to, toName, now);
  }
  await ConflictCaseModel.updateMany({ complainantCustomerId: from }, { $set: { complainantCustomerId: to } });
}
