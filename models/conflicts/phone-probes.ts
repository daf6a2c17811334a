import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import type { Employee } from '../org/employee.model.js';
import { opsRecipients } from '../org/recipients.js';
import { AppError } from '../shared/app-error.js';
import { businessDate, startOfBusinessDay } from '../shared/business-day.js';
import { maskPhone, normalizePhone } from './keys/phone.js';
import { PhoneProbeModel } from './phone-probe.model.js';

// A conflict check shows other people's numbers masked (138****5678) and says which key matched, so
// checking 138 0000 5678, 138 0001 5678, … would recover a hidden number. Legitimate checks almost
// never try several numbers behind one mask on one day: past a few, the check is refused and sales ops
// are told who tried.

/** Distinct numbers behind one masked pattern an employee may check per business day. */
export const PROBES_PER_PATTERN = 3;

/** Records the checked numbers; refuses (429 PROBING_REFUSED) and reports a probed pattern. */
export async function watchPhoneProbes(
  employee: Pick<Employee, '_id' | 'name' | 'userId'>,
  phones: readonly string[],
  now: Date,
  timeZone: string,
): Promise<void> {
  const day = businessDate(now, timeZone);
  for (const phone of new Set(phones.map(normalizePhone).filter((p: string) => p.length >= 7))) {
    const pattern = maskPhone(phone);
    const id = `${String(employee._id)}:${pattern}:${day}`;
    const probe = await PhoneProbeModel.findOneAndUpdate(
      { _id: id },
      {
        $addToSet: { numbers: phone },
        $setOnInsert: { employeeId: employee._id, pattern, expiresAt: startOfBusinessDay(now, timeZone, 1) },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    if (probe && probe.numbers.length > PROBES_PER_PATTERN) {
      await reportProbe(employee, id, pattern, probe.numbers.length, now);
      throw new AppError('PROBING_REFUSED', `今天已查询过多个 ${pattern} 形式的号码，该查询已被拒绝并通知销售运营`, {
        details: { pattern, limit: PROBES_PER_PATTERN },
      });
    }
  }
}

/**
 * Deletes the probes of business days that are over (what the TTL index does on MongoDB; the embedded
 * database has none). Run nightly.
 */
export async function prunePhoneProbes(now: Date): Promise<number> {
  return (await PhoneProbeModel.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
}

async function reportProbe(
  employee: Pick<Employee, '_id' | 'name' | 'userId'>,
  probeId: string,
  pattern: string,
  numbers: number,
  now: Date,
): Promise<void> {
  const first = await PhoneProbeModel.updateOne({ _id: probeId, reportedAt: null }, { $set: { reportedAt: now } });
  if (first.modifiedCount === 0) {
    return;
  }
  for (const ops of await opsRecipients()) {
    await enqueueMessages(
      [
        {
          id: `phone-probe:${probeId}:${ops.userId}`,
          toUserId: ops.userId,
          kind: 'security',
          payload: textMessage(
            `${employee.name}（${employee.userId}）今天用查重逐个试探被遮挡的号码 ${pattern}（已试 ${numbers} 个不同号码），已被拒绝。请核实是否在推测他人客户的联系方式。`,
          ),
        },
      ],
      now,
    );
  }
}
