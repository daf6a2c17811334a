import { describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { changeGrade, changeStage } from '../../models/customers/use-cases/change-grade.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { dropCustomer } from '../../models/drops/drop-customer.js';
import { lockCustomer, unlockCustomer } from '../../models/pool/lock-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { DepartmentModel } from '../../models/org/department.model.js';
import { DAY, MINUTE } from '../../models/shared/clock.js';
import { useTestDatabase } from '../support/database.js';
import {
  employeeContext,
  makeDepartment,
  makeEmployee,
  makePublicCustomer,
  systemContext,
  testConfig,
} from '../support/factories.js';

useTestDatabase();

// 2026-03-02 10:00 in Shanghai. With 30 idle days the customer is protected through 1 April and drops
// at the start of 2 April (Shanghai), i.e. 2026-04-01T16:00:00Z.
const claimedAt = new Date('2026-03-02T02:00:00Z');
const dropsAt = new Date('2026-04-01T16:00:00Z');
const config = testConfig({ POOL_DROP_NO_DEAL_DAYS: '90', POOL_DROP_NO_FOLLOW_UP_DAYS_BY_GRADE: 'A:10' });

async function claimedCustomer() {
  const rep = await makeEmployee();
  const customer = await makePublicCustomer(claimedAt);
  await claimCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt, config));
  return { rep, customer };
}

const validNote = '拜访王总，确认采购预算约30万，关注交付周期，下周二发正式报价。';

describe('drop rules (掉保)', () => {
  it('when nobody follows up, then the customer drops at the start of the day after its 30th idle day, not a minute early', async () => {
    const { rep, customer } = await claimedCustomer();
    expect((await CustomerModel.findById(customer._id).lean())?.protectedUntil).toEqual(dropsAt);

    expect(
      await dropCustomer({ customerId: customer._id }, systemContext(new Date(dropsAt.getTime() - MINUTE), config)),
    ).toBeNull();
    const dropped = await dropCustomer({ customerId: customer._id }, systemContext(dropsAt, config));

    expect(dropped).toMatchObject({ reason: 'no-valid-follow-up' });
    const stored = await CustomerModel.findById(customer._id).lean();
    expect(stored).toMatchObject({ poolState: 'public', ownerId: null, protectedUntil: null });
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(0);
    expect(await LedgerEntryModel.countDocuments({ customerId: customer._id, action: 'drop' })).toBe(1);
    // Dropping again is a no-op.
    expect(await dropCustomer({ customerId: customer._id }, systemContext(dropsAt, config))).toBeNull();
    expect(await LedgerEntryModel.countDocuments({ customerId: customer._id, action: 'drop' })).toBe(1);
  });

  it('when the owner writes a valid follow-up, then the clock restarts; a filler note does not move it', async () => {
    const { rep, customer } = await claimedCustomer();
    const tenDaysLater = new Date(claimedAt.getTime() + 10 * DAY);

    const filler = await recordFollowUp(
      { customerId: customer._id, content: '客户暂无意向，继续跟进，保持互动。' },
      employeeContext(rep, tenDaysLater, config),
    );
    expect(filler.counted).toBe(false);
    expect(filler.verdict.valid).toBe(false);
    expect((await CustomerModel.findById(customer._id).lean())?.protectedUntil).toEqual(dropsAt);

    const valid = await recordFollowUp(
      { customerId: customer._id, content: validNote, channel: 'visit' },
      employeeContext(rep, tenDaysLater, config),
    );
    expect(valid.counted).toBe(true);
    // Followed up on 12 March: protected through 11 April, drops at the start of 12 April.
    expect(valid.customer.protectedUntil).toEqual(new Date('2026-04-11T16:00:00Z'));
    expect(await dropCustomer({ customerId: customer._id }, systemContext(dropsAt, config))).toBeNull();
  });

  it("when nobody but a manager writes the valid note, then it is recorded but does not reset the owner's clock", async () => {
    const team = await makeDepartment();
    const manager = await makeEmployee({ role: 'manager', leaderOfDepartmentIds: [team.deptId] });
    const rep = await makeEmployee({ mainDepartmentId: team.deptId });
    const customer = await makePublicCustomer(claimedAt);
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt, config));

    const note = await recordFollowUp(
      { customerId: customer._id, content: validNote },
      employeeContext(manager, new Date(claimedAt.getTime() + DAY), config),
    );

    expect(note.verdict.valid).toBe(true);
    expect(note.counted).toBe(false);
    expect(note.customer.protectedUntil).toEqual(dropsAt);
  });

  it('when there is no deal within the no-deal days, then it drops even with regular valid follow-ups', async () => {
    const strict = testConfig({ POOL_DROP_NO_DEAL_DAYS: '20' });
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(claimedAt);
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt, strict));
    const noted = await recordFollowUp(
      { customerId: customer._id, content: validNote },
      employeeContext(rep, new Date(claimedAt.getTime() + 15 * DAY), strict),
    );

    // Claimed 2 March + 20 days: protected through 22 March, drops at the start of 23 March.
    expect(noted.customer).toMatchObject({ protectedUntil: new Date('2026-03-22T16:00:00Z'), dropReason: 'no-deal' });
  });

  it('when a customer is signed or locked, then it never drops; unlocking gives the owner time for warnings', async () => {
    const { rep, customer } = await claimedCustomer();
    const signed = await changeStage(
      { customerId: customer._id, stage: 'signed', contract: { amount: 50000, signedOn: '2026-03-01' } },
      employeeContext(rep, claimedAt, config),
    );
    expect(signed.protectedUntil).toBeNull();
    expect(
      await dropCustomer({ customerId: customer._id }, systemContext(new Date(dropsAt.getTime() + 400 * DAY), config)),
    ).toBeNull();

    const team = await makeDepartment();
    const manager = await makeEmployee({ role: 'manager', leaderOfDepartmentIds: [team.deptId] });
    const rep2 = await makeEmployee({ mainDepartmentId: team.deptId });
    const other = await makePublicCustomer(claimedAt);
    await claimCustomer({ customerId: other._id }, employeeContext(rep2, claimedAt, config));
    await lockCustomer({ customerId: other._id, reason: '重点客户' }, employeeContext(manager, claimedAt, config));
    const muchLater = new Date(dropsAt.getTime() + 10 * DAY);
    expect(await dropCustomer({ customerId: other._id }, systemContext(muchLater, config))).toBeNull();

    const unlocked = await unlockCustomer({ customerId: other._id }, employeeContext(manager, muchLater, config));
    // The natural drop date has passed, so the owner gets the largest warning period (3 days) first.
    expect(unlocked.protectedUntil!.getTime()).toBeGreaterThan(muchLater.getTime() + 3 * DAY);
  });

  it('when a rep (not a manager) tries to lock, then FORBIDDEN and nothing changes', async () => {
    const { rep, customer } = await claimedCustomer();
    await expect(
      lockCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt, config)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await CustomerModel.findById(customer._id).lean())?.locked).toBe(false);
  });

  it('when the grade changes, then the history records it and the idle days follow the grade', async () => {
    const { rep, customer } = await claimedCustomer();
    const graded = await changeGrade(
      { customerId: customer._id, grade: 'A', reason: '下周签约' },
      employeeContext(rep, claimedAt, config),
    );
    // A-class: 10 idle days → protected through 12 March, drops at the start of 13 March.
    expect(graded.protectedUntil).toEqual(new Date('2026-03-12T16:00:00Z'));
    const downgraded = await changeGrade(
      { customerId: customer._id, grade: 'B' },
      employeeContext(rep, new Date(claimedAt.getTime() + DAY), config),
    );
    expect(downgraded.gradeHistory.map((h) => [h.from, h.to])).toEqual([
      [null, 'A'],
      ['A', 'B'],
    ]);
    expect(await LedgerEntryModel.countDocuments({ customerId: customer._id, action: 'grade' })).toBe(2);
  });

  it("when a department overrides the idle days, then its reps' customers follow the department rule", async () => {
    const ka = await makeDepartment({ businessLine: 'KA' });
    await DepartmentModel.updateOne({ deptId: ka.deptId }, { $set: { 'rules.dropNoFollowUpDays': 60 } });
    const rep = await makeEmployee({ mainDepartmentId: ka.deptId });
    const customer = await makePublicCustomer(claimedAt);
    const claimed = await claimCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt, config));
    // 60 idle days from 2 March: protected through 1 May, drops at the start of 2 May.
    expect(claimed.protectedUntil).toEqual(new Date('2026-05-01T16:00:00Z'));
  });
});
