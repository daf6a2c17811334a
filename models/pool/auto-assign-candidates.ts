import { isAway } from '../org/away.js';
import type { Types } from 'mongoose';
import type { PoolRules } from '../../config/pool-rules.js';
import type { Customer } from '../customers/customer.model.js';
import type { AutoAssignMode } from '../org/auto-assign.schema.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { managedDepartmentIds } from '../org/permissions.js';

// Who may receive a lead under a department's rule, in the order the rule gives turns: members (or
// every active rep of the department's tree), minus the away and the full; under region/industry only
// those whose territories match the lead; weighted rules repeat a rep as often as their weight.

export interface AutoAssignRule {
  departmentId: number;
  mode: Exclude<AutoAssignMode, 'off'>;
  dailyCap: number;
  members: { employeeId: Types.ObjectId; weight: number; territories: string[] }[];
}

/** The rule that takes a lead: the hinted department's when it assigns, else the company's lead department's. */
export async function ruleFor(hintDepartmentId: number | null): Promise<AutoAssignRule | null> {
  const ruleOf = async (deptId: number | null | undefined): Promise<AutoAssignRule | null> => {
    if (deptId == null) return null;
    const dept = await DepartmentModel.findOne({ deptId, deleted: { $ne: true } }, { autoAssign: 1 }).lean();
    const rule = dept?.autoAssign;
    if (!rule || rule.mode === 'off') return null;
    return { departmentId: deptId, mode: rule.mode, dailyCap: rule.dailyCap, members: rule.members };
  };
  const hinted = await ruleOf(hintDepartmentId);
  if (hinted) return hinted;
  const settings = await CompanySettingsModel.findById(COMPANY_SETTINGS_ID, { leadDepartmentId: 1 }).lean();
  return ruleOf(settings?.leadDepartmentId);
}

/** Smooth weighted round-robin: one cycle in which each rep appears `weight` times, spread out. */
export function weightedCycle<T>(items: { item: T; weight: number }[]): T[] {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  const current = items.map(() => 0);
  const cycle: T[] = [];
  for (let n = 0; n < total; n++) {
    let best = 0;
    items.forEach((it, i) => {
      current[i] = current[i]! + it.weight;
      if (current[i] > current[best]!) best = i;
    });
    current[best] = current[best]! - total;
    cycle.push(items[best]!.item);
  }
  return cycle;
}

/** Whether a rep's territory covers the lead's value (either contains the other: 浙江 covers 浙江杭州). */
export function coversTerritory(territories: readonly string[], value: string): boolean {
  const v = value.trim();
  return v.length > 0 && territories.some((t) => t.trim().length > 0 && (v.includes(t.trim()) || t.trim().includes(v)));
}

type Candidate = Pick<Employee, '_id' | 'name' | 'userId' | 'mainDepartmentId' | 'privateCount'>;

async function ruleMembers(
  rule: AutoAssignRule,
): Promise<{ employee: Candidate; weight: number; territories: string[] }[]> {
  if (rule.members.length > 0) {
    const found = await EmployeeModel.find({ _id: { $in: rule.members.map((m) => m.employeeId) } }).lean<Employee[]>();
    const byId = new Map(found.map((e) => [String(e._id), e]));
    return rule.members.flatMap((m) => {
      const employee = byId.get(String(m.employeeId));
      return employee ? [{ employee, weight: m.weight, territories: m.territories }] : [];
    });
  }
  const tree = [...(await managedDepartmentIds({ leaderOfDepartmentIds: [rule.departmentId] }))];
  const reps = await EmployeeModel.find({ mainDepartmentId: { $in: tree }, role: 'rep', status: 'active' })
    .sort({ _id: 1 })
    .lean<Employee[]>();
  return reps.map((employee) => ({ employee, weight: 1, territories: [] }));
}

type Member = Awaited<ReturnType<typeof ruleMembers>>[number];

async function eligible(
  m: Member,
  rule: AutoAssignRule,
  customer: Pick<Customer, 'region' | 'industry' | 'cooldowns'>,
  rulesOf: (dept: number | null) => Promise<PoolRules>,
  now: Date,
): Promise<boolean> {
  const e = m.employee as Employee;
  if (e.status !== 'active' || isAway(e, now)) return false;
  if (e.privateCount >= (await rulesOf(e.mainDepartmentId ?? null)).capacity) return false;
  if (customer.cooldowns.some((c) => String(c.employeeId) === String(e._id) && c.until > now)) return false;
  if (rule.mode === 'region') return coversTerritory(m.territories, customer.region);
  if (rule.mode === 'industry') return coversTerritory(m.territories, customer.industry);
  return true;
}

/**
 * The candidates for this lead in turn order, starting at the turn `seq`; resigned, away and full reps
 * are left out (capacity is reserved again atomically when assigning).
 */
export async function candidatesInTurn(
  rule: AutoAssignRule,
  customer: Pick<Customer, 'region' | 'industry' | 'cooldowns'>,
  seq: number,
  rulesOf: (dept: number | null) => Promise<PoolRules>,
  now: Date,
): Promise<Candidate[]> {
  const members = await ruleMembers(rule);
  // The turn order is over every member, so a rep skipped now keeps their place in the rotation.
  const cycle = rule.mode === 'weighted' ? weightedCycle(members.map((m) => ({ item: m, weight: m.weight }))) : members;
  const ordered: Candidate[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < cycle.length; i++) {
    const m = cycle[(seq + i) % cycle.length]!;
    const id = String(m.employee._id);
    if (seen.has(id)) continue;
    seen.add(id);
    if (await eligible(m, rule, customer, rulesOf, now)) ordered.push(m.employee);
  }
  return ordered;
}
