import type { Config } from '../../config/config.js';
import { changeStage } from '../../models/customers/use-cases/change-grade.js';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import { quarantineCustomer } from '../../models/customers/use-cases/quarantine-customer.js';
import type { Employee } from '../../models/org/employee.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { lockCustomer } from '../../models/pool/lock-customer.js';
import { releaseCustomer } from '../../models/pool/release-customer.js';
import { stakeCustomer } from '../../models/pool/stake-customer.js';
import {
  employeeContext,
  makeDepartment,
  makeEmployee,
  makePublicCustomer,
  systemContext,
  testConfig,
} from './factories.js';

// The people and customer states of the permission tests: every role against every state a customer can be in.

export const roleNames = ['repOwner', 'otherRep', 'teamManager', 'otherManager', 'ops', 'admin'] as const;
export type RoleName = (typeof roleNames)[number];

export const stateNames = ['public', 'private', 'staked', 'quarantined', 'signed', 'locked', 'cooldown'] as const;
export type StateName = (typeof stateNames)[number];

export type People = Record<RoleName, Employee>;

/** Limits out of the way: these tests are about who may act, not about capacity or daily limits. */
export function policyTestConfig(): Config {
  return testConfig({
    POOL_CAPACITY: '100000',
    POOL_DAILY_CLAIM_LIMIT: '100000',
    POOL_MAX_LOCKED_PER_TEAM: '100000',
    RATE_LIMIT_CLAIM: '100000/min',
    RATE_LIMIT_POOL_SEARCH: '100000/min',
  });
}

/** Two sales teams: the owning team (two reps and their manager) and another team's manager; ops; an admin. */
export async function makePeople(): Promise<People> {
  const team = await makeDepartment({ name: 'SMB一组' });
  const otherTeam = await makeDepartment({ name: 'KA二组' });
  const teamManager = await makeEmployee({
    name: '王主管',
    role: 'manager',
    mainDepartmentId: team.deptId,
    leaderOfDepartmentIds: [team.deptId],
  });
  const otherManager = await makeEmployee({
    name: '钱主管',
    role: 'manager',
    mainDepartmentId: otherTeam.deptId,
    leaderOfDepartmentIds: [otherTeam.deptId],
  });
  return {
    repOwner: await makeEmployee({ name: '张三', mainDepartmentId: team.deptId }),
    otherRep: await makeEmployee({ name: '李四', mainDepartmentId: team.deptId }),
    teamManager,
    otherManager,
    ops: await makeEmployee({ name: '运营小周', role: 'ops' }),
    admin: await makeEmployee({ name: '管理员老孙', role: 'admin' }),
  };
}

/**
 * A fresh customer in the state, built through the domain: the rep owner holds it (private, staked,
 * signed, locked), held it before ops quarantined it, or released it and waits out the cooldown.
 */
export async function customerIn(state: StateName, people: People, now: Date, config: Config): Promise<Customer> {
  const customer = await makePublicCustomer(now);
  const as = (e: Employee) => employeeContext(e, now, config);
  const id = { customerId: customer._id };
  if (state === 'staked') {
    await stakeCustomer(id, as(people.repOwner));
  } else if (state !== 'public') {
    await claimCustomer(id, as(people.repOwner));
  }
  if (state === 'quarantined') await quarantineCustomer({ ...id, reason: '数据待清洗' }, systemContext(now, config));
  if (state === 'signed') await changeStage({ ...id, stage: 'signed' }, as(people.repOwner));
  if (state === 'locked') await lockCustomer({ ...id, reason: '重点客户' }, as(people.teamManager));
  if (state === 'cooldown') await releaseCustomer(id, as(people.repOwner));
  return (await CustomerModel.findById(customer._id).lean<Customer>())!;
}
