import { describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { isAppError } from '../../models/shared/app-error.js';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { releaseCustomer } from '../../models/pool/release-customer.js';
import { DAY, HOUR } from '../../models/shared/clock.js';
import { useTestDatabase } from '../support/database.js';
import {
  employeeContext,
  makeEmployee,
  makePublicCustomer,
  makePublicCustomers,
  testConfig,
} from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z'); // 10:00 in Shanghai

function codeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') {
    return 'OK';
  }
  return isAppError(result.reason) ? result.reason.code : `UNEXPECTED ${String(result.reason)}`;
}

describe('claiming from the public pool', () => {
  it('when 50 reps claim the same customer at once, then exactly one owns it and 49 hear ALREADY_OWNED', async () => {
    const customer = await makePublicCustomer(now);
    const reps = await Promise.all(Array.from({ length: 50 }, () => makeEmployee()));

    const results = await Promise.allSettled(
      reps.map((rep) => claimCustomer({ customerId: customer._id }, employeeContext(rep, now))),
    );

    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'ALREADY_OWNED')).toHaveLength(49);
    const stored = await CustomerModel.findById(customer._id).lean();
    const winner = reps[codes.indexOf('OK')]!;
    expect(String(stored?.ownerId)).toBe(String(winner._id));
    expect(stored?.poolState).toBe('private');
    // Losers got their capacity back: only the winner counts a private customer.
    const counts = await EmployeeModel.find({ _id: { $in: reps.map((r) => r._id) } }, { privateCount: 1 }).lean();
    expect(counts.reduce((sum, e) => sum + e.privateCount, 0)).toBe(1);
    expect(await LedgerEntryModel.countDocuments({ customerId: customer._id, action: 'claim' })).toBe(1);
  });

  it('when a rep at 45 of 50 sends 30 claims at once, then they end with exactly 50', async () => {
    const config = testConfig({ POOL_DAILY_CLAIM_LIMIT: '1000' });
    const rep = await makeEmployee();
    const owned = await makePublicCustomers(45, now);
    for (const c of owned) {
      await claimCustomer({ customerId: c._id }, employeeContext(rep, now, config));
    }
    const wanted = await makePublicCustomers(30, now);

    const results = await Promise.allSettled(
      wanted.map((c) => claimCustomer({ customerId: c._id }, employeeContext(rep, now, config))),
    );

    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(5);
    expect(codes.filter((c) => c === 'POOL_CAPACITY_FULL')).toHaveLength(25);
    expect(await CustomerModel.countDocuments({ ownerId: rep._id, poolState: 'private' })).toBe(50);
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(50);
  });

  it('when 30 reps each claim 5 of the same 20 customers at once, then no customer has two owners and nobody exceeds capacity', async () => {
    const config = testConfig({ POOL_CAPACITY: '3' });
    const customers = await makePublicCustomers(20, now);
    const reps = await Promise.all(Array.from({ length: 30 }, () => makeEmployee()));
    const attempts = reps.flatMap((rep, i) =>
      Array.from({ length: 5 }, (_, k) => ({ rep, customer: customers[(i * 7 + k * 3) % 20]! })),
    );

    const results = await Promise.allSettled(
      attempts.map(({ rep, customer }) =>
        claimCustomer({ customerId: customer._id }, employeeContext(rep, now, config)),
      ),
    );

    const unexpected = results.map(codeOf).filter((c) => !['OK', 'ALREADY_OWNED', 'POOL_CAPACITY_FULL'].includes(c));
    expect(unexpected).toEqual([]);
    const stored = await CustomerModel.find({ _id: { $in: customers.map((c) => c._id) } }).lean();
    for (const c of stored) {
      expect(c.poolState === 'private').toBe(c.ownerId !== null);
    }
    const wins = results.filter((r) => r.status === 'fulfilled').length;
    expect(stored.filter((c) => c.poolState === 'private')).toHaveLength(wins);
    const perRep = new Map<string, number>();
    stored.forEach((c) => c.ownerId && perRep.set(String(c.ownerId), (perRep.get(String(c.ownerId)) ?? 0) + 1));
    expect(Math.max(0, ...perRep.values())).toBeLessThanOrEqual(3);
    for (const rep of reps) {
      const counter = (await EmployeeModel.findById(rep._id).lean())!.privateCount;
      expect(counter).toBe(perRep.get(String(rep._id)) ?? 0);
    }
    // Exactly one ledger entry per ownership change.
    for (const c of stored.filter((s) => s.poolState === 'private')) {
      expect(await LedgerEntryModel.countDocuments({ customerId: c._id, action: 'claim' })).toBe(1);
    }
  });

  it('when the daily claim limit is reached, then the next claim is refused and nothing changes', async () => {
    const config = testConfig({ POOL_DAILY_CLAIM_LIMIT: '2' });
    const rep = await makeEmployee();
    const [a, b, c] = await makePublicCustomers(3, now);
    await claimCustomer({ customerId: a!._id }, employeeContext(rep, now, config));
    await claimCustomer({ customerId: b!._id }, employeeContext(rep, now, config));

    await expect(claimCustomer({ customerId: c!._id }, employeeContext(rep, now, config))).rejects.toMatchObject({
      code: 'DAILY_CLAIM_LIMIT',
    });

    expect((await CustomerModel.findById(c!._id).lean())?.poolState).toBe('public');
    // The limit is per business day: tomorrow the rep may claim again.
    const tomorrow = new Date(now.getTime() + DAY);
    await claimCustomer({ customerId: c!._id }, employeeContext(rep, tomorrow, config));
  });

  it('when a rep who used up yesterday sends 5 claims at once on the next day, then exactly the daily limit of them succeed', async () => {
    const config = testConfig({ POOL_DAILY_CLAIM_LIMIT: '3' });
    const rep = await makeEmployee();
    for (const c of await makePublicCustomers(3, now)) {
      await claimCustomer({ customerId: c._id }, employeeContext(rep, now, config));
    }
    const tomorrow = new Date(now.getTime() + DAY);
    const wanted = await makePublicCustomers(5, tomorrow);

    const results = await Promise.allSettled(
      wanted.map((c) => claimCustomer({ customerId: c._id }, employeeContext(rep, tomorrow, config))),
    );

    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(3);
    expect(codes.filter((c) => c === 'DAILY_CLAIM_LIMIT')).toHaveLength(2);
    const stored = await EmployeeModel.findById(rep._id).lean();
    expect(stored).toMatchObject({ claimDay: '2026-03-03', claimsOnDay: 3, privateCount: 6 });
    expect(await CustomerModel.countDocuments({ ownerId: rep._id, poolState: 'private' })).toBe(6);
  });
});

describe('releasing and the re-claim cooldown', () => {
  it('when a rep releases a customer, then only that rep is blocked until the cooldown ends', async () => {
    const [first, second] = [await makeEmployee(), await makeEmployee()];
    const customer = await makePublicCustomer(now);
    await claimCustomer({ customerId: customer._id }, employeeContext(first, now));
    await releaseCustomer({ customerId: customer._id, reason: '客户暂不需要' }, employeeContext(first, now));

    const later = new Date(now.getTime() + HOUR);
    await expect(claimCustomer({ customerId: customer._id }, employeeContext(first, later))).rejects.toMatchObject({
      code: 'COOLDOWN_ACTIVE',
    });
    const claimed = await claimCustomer({ customerId: customer._id }, employeeContext(second, later));
    expect(String(claimed.ownerId)).toBe(String(second._id));

    // After the cooldown the first rep may claim again once the customer is public.
    await releaseCustomer({ customerId: customer._id }, employeeContext(second, later));
    const afterCooldown = new Date(now.getTime() + 7 * DAY + HOUR);
    const reclaimed = await claimCustomer({ customerId: customer._id }, employeeContext(first, afterCooldown));
    expect(String(reclaimed.ownerId)).toBe(String(first._id));
  });

  it('when a customer is released, then its contacts and follow-ups stay with it for the next owner', async () => {
    const [first, second] = [await makeEmployee(), await makeEmployee()];
    const customer = await makePublicCustomer(now);
    await claimCustomer({ customerId: customer._id }, employeeContext(first, now));
    await ContactModel.create({
      customerId: customer._id,
      name: '王建国',
      position: '采购总监',
      isKeyPerson: true,
      phones: ['13800138000'],
    });
    await recordFollowUp(
      {
        customerId: customer._id,
        content: '拜访王总，确认年度采购预算约30万，关注交付周期，下周二发正式报价。',
        channel: 'visit',
      },
      employeeContext(first, now),
    );

    await releaseCustomer({ customerId: customer._id }, employeeContext(first, now));
    await claimCustomer({ customerId: customer._id }, employeeContext(second, now));

    expect(await ContactModel.countDocuments({ customerId: customer._id })).toBe(1);
    const notes = await FollowUpModel.find({ customerId: customer._id }).lean();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.content).toContain('30万');
    const ledger = await LedgerEntryModel.find({ customerId: customer._id }).sort({ at: 1, _id: 1 }).lean();
    expect(ledger.map((e) => e.action)).toEqual(['create', 'claim', 'release', 'claim']);
  });

  it('when someone who is not the owner releases, then NOT_OWNER and nothing changes', async () => {
    const [owner, other] = [await makeEmployee(), await makeEmployee()];
    const customer = await makePublicCustomer(now);
    await claimCustomer({ customerId: customer._id }, employeeContext(owner, now));

    await expect(releaseCustomer({ customerId: customer._id }, employeeContext(other, now))).rejects.toMatchObject({
      code: 'NOT_OWNER',
    });
    const stored = await CustomerModel.findById(customer._id).lean();
    expect(String(stored?.ownerId)).toBe(String(owner._id));
  });
});
