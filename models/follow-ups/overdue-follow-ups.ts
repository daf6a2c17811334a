import type { Types } from 'mongoose';
import { enqueueMessages, fitList, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { dayLabel } from '../messages/format.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { managersOf } from '../org/recipients.js';
import { poolRulesResolver } from '../pool/pool-rules.js';
import { businessDate, daysBetween, startOfBusinessDate } from '../shared/business-day.js';
import type { DomainContext } from '../shared/domain-context.js';
import { openPlansBefore } from './open-plans.js';

// Overdue planned follow-ups (逾期的下次跟进), sent with the evening digest: each rep hears about their
// own; once a plan is overdue for the department's followUpEscalationDays, the rep's manager hears too.
// Plans count only while their author still owns the customer; one message per person and day.

export interface OverduePlan {
  customerId: string;
  customerName: string;
  planned: string;
  days: number;
  nextStep: string;
}

export interface OverdueResult {
  byRep: Map<string, OverduePlan[]>;
  escalated: { repId: string; plans: OverduePlan[] }[];
  messages: EmployeeMessage[];
}

async function overduePlans(today: string, tz: string): Promise<Map<string, OverduePlan[]>> {
  const byRep = new Map<string, OverduePlan[]>();
  for (const plan of await openPlansBefore(startOfBusinessDate(today, tz), tz)) {
    const list = byRep.get(plan.authorId) ?? [];
    if (list.some((p) => p.customerId === plan.customerId)) continue;
    list.push({
      customerId: plan.customerId,
      customerName: plan.customerName,
      planned: plan.planned,
      days: daysBetween(plan.planned, today),
      nextStep: plan.nextStep,
    });
    byRep.set(plan.authorId, list);
  }
  for (const list of byRep.values())
    list.sort((a, b) => b.days - a.days || a.customerName.localeCompare(b.customerName));
  return byRep;
}

const line = (p: OverduePlan) =>
  `> **${p.customerName}**：原定${dayLabel(p.planned)}，已逾期${p.days}天${p.nextStep ? `（${p.nextStep}）` : ''}`;

function repMessage(rep: Employee, plans: OverduePlan[], escalateAfter: number, today: string): EmployeeMessage {
  return {
    id: `overdue:${rep.userId}:${today}`,
    toUserId: rep.userId,
    kind: 'overdue-follow-up',
    payload: markdown(
      fitList(
        `<font color="warning">**逾期未跟进**</font>\n你计划的 ${plans.length} 个跟进已过期：`,
        plans.map(line),
        `请尽快跟进并在小程序写跟进记录；逾期满 ${escalateAfter} 天会上报主管。`,
        (hidden) => `> ……另有 ${hidden} 个`,
      ),
    ),
  };
}

function managerMessage(manager: Employee, reps: { rep: Employee; plans: OverduePlan[] }[], today: string) {
  const lines = reps.flatMap(({ rep, plans }) => [`**${rep.name}**（${plans.length} 个）：`, ...plans.map(line)]);
  return {
    id: `overdue-escalation:${manager.userId}:${today}`,
    toUserId: manager.userId,
    kind: 'overdue-escalation',
    payload: markdown(
      fitList(
        '<font color="warning">**逾期跟进上报**</font>\n以下计划跟进逾期已超过部门规定天数：',
        lines,
        '请督促跟进，或在小程序把客户转交给其他同事。',
        (hidden) => `> ……另有 ${hidden} 条`,
      ),
    ),
  } satisfies EmployeeMessage;
}

/** Finds overdue plans, tells each rep, escalates the long-overdue ones to the rep's managers. */
export async function sendOverdueFollowUps(options: { dryRun?: boolean }, ctx: DomainContext): Promise<OverdueResult> {
  const tz = ctx.config.timezone;
  const today = businessDate(ctx.now, tz);
  const byRep = await overduePlans(today, tz);
  const reps = await EmployeeModel.find({
    _id: { $in: [...byRep.keys()] as unknown as Types.ObjectId[] },
    status: 'active',
  }).lean<Employee[]>();
  const rules = poolRulesResolver(ctx.config);
  const messages: EmployeeMessage[] = [];
  const escalated: OverdueResult['escalated'] = [];
  const toManagers = new Map<string, { manager: Employee; reps: { rep: Employee; plans: OverduePlan[] }[] }>();
  for (const rep of reps) {
    const plans = byRep.get(String(rep._id))!;
    const after = (await rules(rep.mainDepartmentId ?? null)).followUpEscalationDays;
    messages.push(repMessage(rep, plans, after, today));
    const late = plans.filter((p) => p.days >= after);
    if (late.length === 0) continue;
    escalated.push({ repId: String(rep._id), plans: late });
    for (const manager of await managersOf(rep)) {
      const entry = toManagers.get(String(manager._id)) ?? { manager, reps: [] };
      entry.reps.push({ rep, plans: late });
      toManagers.set(String(manager._id), entry);
    }
  }
  for (const { manager, reps: list } of toManagers.values()) messages.push(managerMessage(manager, list, today));
  if (!options.dryRun) await enqueueMessages(messages, ctx.now);
  return { byRep, escalated, messages };
}
