import type { Types } from 'mongoose';
import { reportClaimConflicts } from '../conflicts/claim-conflicts.js';
import type { Customer } from '../customers/customer.model.js';
import { releaseCapacity, releaseClaim, reserveClaim } from './counters.js';
import { changeCustomer, loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { giveBackUnlessUncertain } from '../shared/uncertain-outcome.js';
import { actingEmployee, sameId } from '../org/permissions.js';
import { poolRulesResolver } from './pool-rules.js';
import { cooldownInBusinessTime, noStake, privateFields } from './transitions.js';
import { authorize } from '../org/policy/policy.js';
import type { EmployeeOverview } from './employee-overview.js';
import type { Employee } from '../org/employee.model.js';
import type { PoolRules } from '../../config/pool-rules.js';
import { inTurn } from '../shared/in-turn.js';

type PoolUsage = EmployeeOverview['pool'];

/**
 * A rep claims (认领) a public customer, or one they staked, into their private pool. Exactly one of
 * any number of concurrent claimers wins; the daily claim limit and the capacity are reserved first
 * and given back if the claim does not happen. A claimed customer that duplicates one another rep
 * holds is reported to both of them (conflicts/claim-conflicts.ts).
 */
export async function claimCustomer(
  input: { customerId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<Customer> {
  return (await claimCustomerWithUsage(input, ctx)).customer;
}

/** The claim, with the rep's pool usage right after it (the capacity bar of the answer), from its own counters. */
export async function claimCustomerWithUsage(
  input: { customerId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<{ customer: Customer; pool: PoolUsage }> {
  const rep = await actingEmployee(ctx.actor);
  // Refuse early, without touching counters, when the answer is already clear.
  const first = await loadCustomer(input.customerId);
  await authorize(rep, 'claim', first, ctx.now).catch(cooldownInBusinessTime(ctx));
  const rules = await poolRulesResolver(ctx.config)(rep.mainDepartmentId ?? null);
  // Claims of one customer in this process go one after another: one that waited decides on the customer as the
  // claim before it left it (usually refused at once), instead of reserving capacity for a race it cannot win.
  const { claimed, reservation, stakedCount } = await inTurn(String(first._id), async (waited) => {
    const loaded = waited ? await loadCustomer(first._id) : first;
    if (waited) {
      await authorize(rep, 'claim', loaded, ctx.now).catch(cooldownInBusinessTime(ctx));
    }
    return takeCustomer(loaded, rep, rules, ctx);
  });
  // The claim stands either way: the report is advice, and failing the request after the customer
  // changed hands would only make the rep retry a claim that already succeeded.
  await reportClaimConflicts(claimed, rep, ctx.now).catch(() => []);
  const pool: PoolUsage = {
    used: reservation.privateCount,
    capacity: rules.capacity,
    staked: stakedCount,
    stakeLimit: rules.capacity * rules.stakeMultiple,
    claimsToday: reservation.claimsToday,
    dailyClaimLimit: rules.dailyClaimLimit,
  };
  return { customer: claimed, pool };
}

/** Reserves the rep's capacity and day's count, then moves the customer to them (giving the reservation back if not). */
async function takeCustomer(loaded: Customer, rep: Employee, rules: PoolRules, ctx: DomainContext) {
  const reservation = await reserveClaim(rep, rules, ctx.now, ctx.config.timezone);
  let stakedCount = reservation.stakedCount;
  try {
    const result = await changeCustomer(
      loaded._id,
      ctx,
      async (current) => {
        await authorize(rep, 'claim', current, ctx.now).catch(cooldownInBusinessTime(ctx));
        const set = privateFields(current, rep, rules, ctx, { ...noStake, locked: false, lockedBy: null });
        return { set, ledger: { action: 'claim' } };
      },
      { loaded, checked: true },
    );
    const { before, after } = result!;
    if (before.poolState === 'staked' && sameId(before.stakedBy, rep._id)) {
      await releaseCapacity(rep._id, 'stakedCount');
      stakedCount = Math.max(0, stakedCount - 1);
    }
    return { claimed: after, reservation, stakedCount };
  } catch (error) {
    await giveBackUnlessUncertain(error, () => releaseClaim(rep._id, reservation));
    throw error;
  }
}
