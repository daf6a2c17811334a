import type { Types } from 'mongoose';
import type { PoolRules } from '../../config/pool-rules.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { enqueueMessages, fitList, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { ignoreDuplicateKeys } from '../shared/duplicate-key.js';
import { dropDayPhrase } from '../messages/format.js';
import { keysDigest } from '../messages/pending-notices.js';
import { NoticeMarkModel } from '../messages/notice-mark.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { poolRulesResolver } from '../pool/pool-rules.js';
import { LOCK_REQUEST_PATH } from '../pool/lock-request.js';
import { addDays, businessDate, daysBetween, startOfBusinessDate } from '../shared/business-day.js';
import { dropReasonText, saveHint } from './drop-reasons.js';

// Reclaim warnings (掉保预警): on each warning day before a customer drops (default 3 days and 1 day
// before), its owner is told which customers drop when and what would save them. One message per
// rep; each (customer, drop date, warning day) is warned about once, however often the job runs.

export interface ReclaimWarning {
  customerId: string;
  customerName: string;
  ownerId: string;
  dropDate: string;
  /** The warning day this belongs to (3 or 1 by default). */
  warningDay: number;
  daysLeft: number;
  reason: string;
  hint: string;
  markId: string;
}

export interface ReclaimWarningsResult {
  candidates: number;
  warnings: ReclaimWarning[];
  messages: EmployeeMessage[];
  alreadyWarned: number;
}

type Candidate = Pick<
  Customer,
  '_id' | 'name' | 'ownerId' | 'ownerDepartmentId' | 'grade' | 'protectedUntil' | 'dropReason'
>;

/** The largest warning day any department (or the company) uses, to bound the query. */
async function furthestWarningDay(
  defaults: PoolRules['warningDays'],
  rules: (dept: number | null) => Promise<PoolRules>,
): Promise<number> {
  const company = await rules(null);
  const departments = await DepartmentModel.find({ 'rules.warningDays.0': { $exists: true } }, { deptId: 1 }).lean();
  const all = [...defaults, ...company.warningDays];
  for (const dept of departments) {
    all.push(...(await rules(dept.deptId)).warningDays);
  }
  return Math.max(0, ...all);
}

/**
 * The warning day a customer falls under: the smallest configured day not before the days left, so
 * a customer claimed with only 2 days of protection left still gets the 3-day warning once.
 */
export function warningDayFor(daysLeft: number, warningDays: readonly number[]): number | null {
  const fitting = warningDays.filter((d) => d >= daysLeft);
  return daysLeft >= 1 && fitting.length > 0 ? Math.min(...fitting) : null;
}

export function renderWarning(warnings: ReclaimWarning[], today: string): ReturnType<typeof markdown> {
  const lines: string[] = [];
  let lastDate = '';
  let n = 0;
  for (const w of warnings) {
    if (w.dropDate !== lastDate) {
      lines.push(`**${dropDayPhrase(today, w.dropDate)}：**`);
      lastDate = w.dropDate;
    }
    lines.push(`> ${++n}. **${w.customerName}**：${w.reason}。${w.hint}`);
  }
  return markdown(
    fitList(
      `<font color="warning">**掉保预警**</font>\n你有 ${warnings.length} 个客户即将退回公海：`,
      lines,
      `“继续跟进”“暂无意向”之类的套话不算有效跟进。需要保留的重点客户请找主管锁定：${LOCK_REQUEST_PATH}。`,
      (hidden) => `> ……另有 ${hidden} 条，请在小程序“我的客户”按掉保时间查看`,
    ),
  );
}

type Rules = ReturnType<typeof poolRulesResolver>;

/** The warnings the candidates are due today (a warning day of their team's rules). */
async function dueWarnings(
  candidates: Candidate[],
  rules: Rules,
  today: string,
  tz: string,
): Promise<ReclaimWarning[]> {
  const due: ReclaimWarning[] = [];
  for (const c of candidates) {
    const r = await rules(c.ownerDepartmentId ?? null);
    const dropDate = businessDate(c.protectedUntil!, tz);
    const daysLeft = daysBetween(today, dropDate);
    const warningDay = warningDayFor(daysLeft, r.warningDays);
    if (warningDay === null || !c.ownerId) {
      continue;
    }
    due.push({
      customerId: String(c._id),
      customerName: c.name,
      ownerId: String(c.ownerId),
      dropDate,
      warningDay,
      daysLeft,
      reason: dropReasonText(c.dropReason, c, r),
      hint: saveHint(c.dropReason),
      markId: `warning:${String(c._id)}:${dropDate}:${warningDay}`,
    });
  }
  return due;
}

/** The due warnings nobody was given yet, soonest drop first. */
async function notYetWarned(due: ReclaimWarning[]): Promise<ReclaimWarning[]> {
  const marked = new Set<string>();
  for (let i = 0; i < due.length; i += 1000) {
    const found = await NoticeMarkModel.find(
      { _id: { $in: due.slice(i, i + 1000).map((w) => w.markId) } },
      { _id: 1 },
    ).lean();
    found.forEach((m) => marked.add(m._id));
  }
  return due
    .filter((w) => !marked.has(w.markId))
    .sort((a, b) => a.dropDate.localeCompare(b.dropDate) || a.customerName.localeCompare(b.customerName));
}

/** One message per active owner, listing all of their warnings. */
async function warningMessages(warnings: ReclaimWarning[], today: string): Promise<EmployeeMessage[]> {
  const byOwner = new Map<string, ReclaimWarning[]>();
  for (const w of warnings) {
    byOwner.set(w.ownerId, [...(byOwner.get(w.ownerId) ?? []), w]);
  }
  const owners = await EmployeeModel.find(
    { _id: { $in: [...byOwner.keys()] as unknown as Types.ObjectId[] }, status: 'active' },
    { userId: 1 },
  ).lean();
  return owners.map((owner) => {
    const list = byOwner.get(String(owner._id))!;
    return {
      id: `warning:${owner.userId}:${today}:${keysDigest(list.map((w) => w.markId))}`,
      toUserId: owner.userId,
      kind: 'warning',
      payload: renderWarning(list, today),
    };
  });
}

/** Finds the customers due a warning today and queues one message per rep. */
export async function sendReclaimWarnings(
  options: { dryRun?: boolean },
  ctx: DomainContext,
): Promise<ReclaimWarningsResult> {
  const tz = ctx.config.timezone;
  const rules = poolRulesResolver(ctx.config);
  const today = businessDate(ctx.now, tz);
  const furthest = await furthestWarningDay(ctx.config.poolDefaults.warningDays, rules);
  const horizon = startOfBusinessDate(addDays(today, furthest + 1), tz);
  const candidates = await CustomerModel.find(
    {
      poolState: 'private',
      protectedUntil: { $gt: ctx.now, $lt: horizon },
      locked: { $ne: true },
      stage: { $ne: 'signed' },
    },
    { _id: 1, name: 1, ownerId: 1, ownerDepartmentId: 1, grade: 1, protectedUntil: 1, dropReason: 1 },
  ).lean<Candidate[]>();
  const due = await dueWarnings(candidates, rules, today, tz);
  const warnings = await notYetWarned(due);
  const messages = await warningMessages(warnings, today);
  if (!options.dryRun) {
    // Messages first, marks second: a crash in between repeats the same message id, which the outbox ignores.
    await enqueueMessages(messages, ctx.now);
    const marks = warnings.map((w) => ({ _id: w.markId, at: ctx.now }));
    for (let i = 0; i < marks.length; i += 1000) {
      await NoticeMarkModel.insertMany(marks.slice(i, i + 1000), { ordered: false }).catch(ignoreDuplicateKeys);
    }
  }
  return { candidates: candidates.length, warnings, messages, alreadyWarned: due.length - warnings.length };
}
