import type { Employee } from '../org/employee.model.js';
import { claimsToday } from './counters.js';
import type { DomainConfig } from '../shared/domain-context.js';
import { poolRulesResolver } from './pool-rules.js';

export interface EmployeeOverview {
  id: string;
  userId: string;
  name: string;
  role: Employee['role'];
  departmentIds: number[];
  leaderOfDepartmentIds: number[];
  pool: {
    used: number;
    capacity: number;
    staked: number;
    stakeLimit: number;
    claimsToday: number;
    dailyClaimLimit: number;
  };
}

/** An employee as the mini-app shows them: identity, role, and how much of their pool is used. */
export async function describeEmployee(employee: Employee, config: DomainConfig, now: Date): Promise<EmployeeOverview> {
  const rules = await poolRulesResolver(config)(employee.mainDepartmentId ?? null);
  return {
    id: String(employee._id),
    userId: employee.userId,
    name: employee.name,
    role: employee.role,
    departmentIds: employee.departmentIds,
    leaderOfDepartmentIds: employee.leaderOfDepartmentIds,
    pool: {
      used: employee.privateCount,
      capacity: rules.capacity,
      staked: employee.stakedCount,
      stakeLimit: rules.capacity * rules.stakeMultiple,
      claimsToday: claimsToday(employee, now, config.timezone),
      dailyClaimLimit: rules.dailyClaimLimit,
    },
  };
}
