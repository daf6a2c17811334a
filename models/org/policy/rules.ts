import type { Types } from 'mongoose';
import type { ErrorCode } from '../../shared/app-error.js';
import type { Action, PolicyActor, PolicyCustomer, SubjectOf } from './actions.js';
import type { PolicyFacts } from './facts.js';

// Who may do what, in one table. Three kinds of people answer for a customer: its holder (the owner of
// a private customer, the staker of a staked one), the manager of the holder's team, and sales ops
// (ops and admins). A manager's team is the holder's department — never the manager's own — so nobody
// manages customers that nobody holds (public, quarantined) except ops.

/**
 * Why an action is refused: the AppError authorize() throws. A refusal never names the customer's holder
 * (walking ids through refused claims would list who holds what): the conflict check, rate-limited, does.
 */
export interface Refusal {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** The actor's relation to the subject, worked out once per decision. */
export interface Standing {
  actor: PolicyActor;
  /** Ops or admin. */
  ops: boolean;
  admin: boolean;
  /** A manager leading the department that answers for the subject. */
  leadsTeam: boolean;
  /** Holds the customer (owner or staker). */
  holds: boolean;
}

type Rule<A extends Action> = (who: Standing, subject: SubjectOf<A>, facts: PolicyFacts) => Refusal | null;

const same = (a: Types.ObjectId | null | undefined, b: Types.ObjectId | null | undefined) =>
  a != null && b != null && String(a) === String(b);

export function holderOf(customer: PolicyCustomer): Types.ObjectId | null {
  if (customer.poolState === 'private') return customer.ownerId ?? null;
  if (customer.poolState === 'staked') return customer.stakedBy ?? null;
  return null;
}

const forbidden = (message: string): Refusal => ({ code: 'FORBIDDEN', message });
const invalid = (message: string, details?: Record<string, unknown>): Refusal => ({
  code: 'INVALID_STATE',
  message,
  details,
});
const NOT_HOLDER: Refusal = { code: 'NOT_OWNER', message: '这不是你的客户，只有负责人或其主管可以操作' };
const TEAM_ONLY = forbidden('只有该团队的主管或销售运营可以这样操作');
const OPS_CLEANING = forbidden('只有销售运营可以隔离或恢复客户');

/** The holder, the manager of the holder's team, or ops. */
const holderOrTeam = (who: Standing): Refusal | null => (who.holds || who.leadsTeam || who.ops ? null : NOT_HOLDER);
const teamOrOps = (who: Standing): Refusal | null => (who.leadsTeam || who.ops ? null : TEAM_ONLY);
const mayRevertSigned = (who: Standing): Refusal | null =>
  who.leadsTeam || who.ops ? null : forbidden('只有主管或销售运营可以撤销成交');
const opsOnly =
  (message: string) =>
  (who: Standing): Refusal | null =>
    who.ops ? null : forbidden(message);

/** A claim or stake of a customer that is not free for this employee (409s that say why). */
function freeFor(c: PolicyCustomer, actor: PolicyActor, now: Date, allowOwnStake: boolean): Refusal | null {
  if (c.poolState === 'quarantined') {
    return { code: 'CUSTOMER_QUARANTINED', message: '该客户已被隔离（数据待清洗），暂不能认领' };
  }
  const holder = holderOf(c);
  const mine = same(holder, actor._id);
  if (holder && (c.poolState === 'private' || !(allowOwnStake && mine))) {
    const verb = c.poolState === 'private' ? '认领' : '占坑';
    const own = c.poolState === 'private' ? '该客户已在你的私海中' : '你已占坑该客户';
    return {
      code: 'ALREADY_OWNED',
      message: mine ? own : `该客户已被其他同事${verb}（可用查重查看归属）`,
      details: { state: c.poolState, mine },
    };
  }
  const cooldown = (c.cooldowns ?? []).find((cd) => same(cd.employeeId, actor._id) && cd.until > now);
  if (cooldown) {
    const until = cooldown.until.toISOString();
    return {
      code: 'COOLDOWN_ACTIVE',
      message: `你刚释放或掉保了该客户，冷静期内不能再认领（${until} 后可认领）`,
      details: { until },
    };
  }
  return null;
}

export const rules: { [A in Action]: Rule<A> } = {
  view: (who, c) => {
    const sees = c.poolState === 'public' || (c.poolState === 'quarantined' ? who.ops : !holderOrTeam(who));
    return sees ? null : { code: 'NOT_OWNER', message: '你没有权限查看该客户' };
  },
  // Contact details of a customer nobody holds are masked for every role (ops included) until someone
  // claims it, so the pool cannot be read out for phone numbers; ops unmask one at a time (unmask).
  viewContacts: (who, c) =>
    !holderOf(c)
      ? forbidden('认领后才能查看完整联系方式')
      : holderOrTeam(who)
        ? forbidden('认领后才能查看完整联系方式')
        : null,
  unmask: (who, c) =>
    opsOnly('只有销售运营或管理员可以查看未认领客户的联系方式')(who) ??
    (holderOf(c) ? invalid('该客户有负责人，联系方式无需解除遮挡') : null),
  claim: (who, c, facts) => freeFor(c, who.actor, facts.now, true),
  stake: (who, c, facts) => freeFor(c, who.actor, facts.now, false),
  release: (who, c) => {
    if (c.poolState !== 'private') return invalid('该客户不在私海中', { state: c.poolState });
    const refused = holderOrTeam(who);
    if (refused) return refused;
    return c.stage === 'signed' && who.actor.role === 'rep'
      ? { code: 'CUSTOMER_SIGNED', message: '已成交客户不能释放到公海，请联系主管' }
      : null;
  },
  unstake: (who, c) => (c.poolState !== 'staked' ? invalid('该客户不在占坑状态') : holderOrTeam(who)),
  changeGrade: holderOrTeam,
  // Moving a signed customer to another stage is undoing the deal: managers and ops only.
  changeStage: (who, c) => holderOrTeam(who) ?? (c.stage === 'signed' ? mayRevertSigned(who) : null),
  markSigned: (who, c) => holderOrTeam(who) ?? (c.stage === 'signed' ? invalid('该客户已成交') : null),
  revertSigned: (who, c) => mayRevertSigned(who) ?? (c.stage !== 'signed' ? invalid('该客户尚未成交') : null),
  updateProfile: holderOrTeam,
  // Contacts are part of the profile: who may edit it may add, edit and remove them.
  editContacts: holderOrTeam,
  // A deal (商机) is worked by the customer's owner: only a customer in a private pool has one.
  manageOpportunities: (who, c) =>
    c.poolState !== 'private' ? invalid('请先认领该客户，再登记商机', { state: c.poolState }) : holderOrTeam(who),
  followUp: holderOrTeam,
  lock: (who, c) => {
    if (c.poolState !== 'private') return invalid('只能锁定私海中的客户');
    return teamOrOps(who) ?? (c.locked ? invalid('该客户已锁定') : null);
  },
  unlock: (who, c) => (c.locked ? teamOrOps(who) : invalid('该客户未被锁定')),
  // The owner asks the team's manager to lock a customer about to drop (the reclaim warning says how).
  requestLock: (who, c) => {
    if (c.poolState !== 'private') return invalid('只能为私海中的客户申请锁定');
    if (!who.holds) return NOT_HOLDER;
    if (c.locked) return invalid('该客户已锁定');
    return c.stage === 'signed' ? invalid('已成交客户不会掉保，无需锁定') : null;
  },
  // Running the lead rule on a public customer now (automatic assignment runs it for new leads itself).
  autoAssign: (who, c) =>
    opsOnly('只有销售运营可以触发自动分配')(who) ??
    (c.poolState !== 'public' ? invalid('只有公海中的客户可以自动分配', { state: c.poolState }) : null),
  quarantine: (who, c) =>
    opsOnly(OPS_CLEANING.message)(who) ?? (c.poolState === 'quarantined' ? invalid('该客户已在隔离区') : null),
  restore: (who, c) =>
    opsOnly(OPS_CLEANING.message)(who) ?? (c.poolState !== 'quarantined' ? invalid('该客户不在隔离区') : null),
  fileCase: (who, c) => {
    const holder = holderOf(c);
    if (!holder) {
      const why = c.poolState === 'public' ? '该客户在公海，可以直接认领，无需申诉' : '该客户当前无人负责，不能申诉';
      return invalid(why, { state: c.poolState });
    }
    return same(holder, who.actor._id) ? invalid('这是你自己的客户，不能对自己申诉') : null;
  },
  merge: opsOnly('只有销售运营可以合并客户'),
  // A manager moves the customers their teams hold, ops any customer; never a quarantined one.
  move: (who, c) =>
    teamOrOps(who) ??
    (c.poolState === 'quarantined' ? { code: 'CUSTOMER_QUARANTINED', message: '该客户已被隔离，不能分配' } : null),
  reassign: (who, { customer, target }, facts) => {
    const intoTeam = facts.targetDepartmentId != null && facts.managedDepartmentIds.has(facts.targetDepartmentId);
    const refused = rules.move(who, customer, facts);
    if (refused) return refused;
    if (!who.ops && !intoTeam) return TEAM_ONLY;
    return customer.poolState === 'private' && same(customer.ownerId, target._id)
      ? invalid(`该客户已在 ${target.name ?? '该员工'} 名下`)
      : null;
  },
  handOver: (who) => (who.leadsTeam || who.ops ? null : forbidden('只有销售运营或该成员的主管可以安排交接')),
  changeRole: (who) => (who.admin ? null : forbidden('只有管理员可以调整人员角色')),
  setAway: (who) => (who.leadsTeam || who.ops ? null : forbidden('只有销售运营或该成员的主管可以设置休假状态')),
  ruleCase: opsOnly('只有销售运营可以裁决撞单申诉'),
  changeRules: opsOnly('只有销售运营可以修改公海规则'),
  manageWecomEvents: opsOnly('只有销售运营或管理员可以查看企业微信事件'),
  importCustomers: opsOnly('只有销售运营可以导入客户'),
  reviewDuplicates: opsOnly('只有销售运营可以复核疑似重复客户'),
  // Every active employee may enter (录入) a customer into their own pool: the conflict check, capacity and
  // the stake allowance decide whether it goes in (actingEmployee() already refuses departed employees).
  createCustomer: () => null,
};
