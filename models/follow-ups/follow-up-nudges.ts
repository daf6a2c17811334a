import type { Types } from 'mongoose';
import type { Grade } from '../../config/pool-rules.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { openPlansBefore } from './open-plans.js';
import { enqueueMessages, fitList, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { dayLabel } from '../messages/format.js';
import type { DomainContext } from '../shared/domain-context.js';
import { reviewSettings } from '../org/review-settings.js';
import { addDays, businessDate, daysBetween, startOfBusinessDate } from '../shared/business-day.js';

// Morning follow-up nudges (跟进提醒): planned follow-ups due today or overdue, graded customers
// (A first) gone quiet longer than their grade's window, and WeCom leads never followed up. Each rep
// gets at most one nudge a day, which keeps WeCom's per-member limits (30/min, 1000/h) far away.

export interface Nudge {
  customerId: string;
  customerName: string;
  /** 'planned' follow-up due, 'grade' window passed, 'lead' never followed up. */
  kind: 'planned' | 'grade' | 'lead';
  /** Days overdue / quiet / waiting. */
  days: number;
  detail: string;
  grade?: string;
}

export interface NudgesResult {
  nudges: Map<string, Nudge[]>;
  messages: EmployeeMessage[];
}

const gradeOrder: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

async function plannedFollowUps(tz: string, today: string): Promise<{ ownerId: string; nudge: Nudge }[]> {
  const plans = await openPlansBefore(startOfBusinessDate(addDays(today, 1), tz), tz);
  return plans.map((plan) => {
    const days = daysBetween(plan.planned, today);
    return {
      ownerId: plan.authorId,
      nudge: {
        customerId: plan.customerId,
        customerName: plan.customerName,
        kind: 'planned',
        days,
        detail: `${days === 0 ? '今天' : `已逾期${days}天（原定${dayLabel(plan.planned)}）`}${plan.nextStep ? `：${plan.nextStep}` : ''}`,
      },
    };
  });
}

type Quiet = Pick<Customer, '_id' | 'name' | 'ownerId' | 'grade' | 'claimedAt' | 'lastValidFollowUpAt'>;

async function quietGradedCustomers(
  windows: Partial<Record<Grade, number>>,
  tz: string,
  today: string,
): Promise<{ ownerId: string; nudge: Nudge }[]> {
  const graded = Object.keys(windows) as Grade[];
  const customers = await CustomerModel.find(
    { poolState: 'private', grade: { $in: graded } },
    { name: 1, ownerId: 1, grade: 1, claimedAt: 1, lastValidFollowUpAt: 1 },
  ).lean<Quiet[]>();
  const out: { ownerId: string; nudge: Nudge }[] = [];
  for (const c of customers) {
    const since = [c.lastValidFollowUpAt, c.claimedAt]
      .filter((d): d is Date => d instanceof Date)
      .reduce<Date | null>((a, b) => (a && a > b ? a : b), null);
    const window = windows[c.grade as Grade];
    if (!since || !window || !c.ownerId) {
      continue;
    }
    const days = daysBetween(businessDate(since, tz), today);
    if (days < window) {
      continue;
    }
    const last = c.lastValidFollowUpAt
      ? `上次有效跟进${dayLabel(businessDate(c.lastValidFollowUpAt, tz))}`
      : '认领后还没有有效跟进';
    out.push({
      ownerId: String(c.ownerId),
      nudge: {
        customerId: String(c._id),
        customerName: c.name,
        kind: 'grade',
        days,
        grade: c.grade ?? '',
        detail: `${c.grade}类客户，${days}天没有有效跟进（${last}，要求每${window}天至少一次）`,
      },
    });
  }
  return out;
}

async function untouchedWecomLeads(tz: string, today: string): Promise<{ ownerId: string; nudge: Nudge }[]> {
  const todayStart = startOfBusinessDate(today, tz);
  const leads = await CustomerModel.find(
    { poolState: 'private', source: 'wecom', lastFollowUpAt: null, claimedAt: { $lt: todayStart } },
    { name: 1, ownerId: 1, claimedAt: 1 },
  ).lean();
  return leads
    .filter((l) => l.ownerId && l.claimedAt)
    .map((l) => {
      const days = daysBetween(businessDate(l.claimedAt!, tz), today);
      return {
        ownerId: String(l.ownerId),
        nudge: {
          customerId: String(l._id),
          customerName: l.name,
          kind: 'lead' as const,
          days,
          detail: `企微添加${days}天，还没有跟进记录`,
        },
      };
    });
}

const sections: { kind: Nudge['kind']; title: string }[] = [
  { kind: 'planned', title: '**计划今天跟进 / 已逾期：**' },
  { kind: 'grade', title: '**重点客户太久没有有效跟进：**' },
  { kind: 'lead', title: '**企微新加的线索还没跟进：**' },
];

export function renderNudge(nudges: Nudge[]): ReturnType<typeof markdown> {
  const lines: string[] = [];
  for (const section of sections) {
    const list = nudges.filter((n) => n.kind === section.kind);
    if (list.length > 0) {
      lines.push(section.title, ...list.map((n) => `> **${n.customerName}**：${n.detail}`));
    }
  }
  return markdown(
    fitList(
      `**今日跟进提醒**（${nudges.length} 项）`,
      lines,
      '跟进后在小程序写跟进记录：写明联系人、具体进展和下一步，才算有效跟进。',
      (hidden) => `> ……另有 ${hidden} 项，请在小程序查看`,
    ),
  );
}

/** Collects today's nudges and queues one message per rep (id per rep and day: a re-run sends nothing new). */
export async function sendFollowUpNudges(options: { dryRun?: boolean }, ctx: DomainContext): Promise<NudgesResult> {
  const tz = ctx.config.timezone;
  const today = businessDate(ctx.now, tz);
  const settings = await reviewSettings();
  const found = [
    ...(await plannedFollowUps(tz, today)),
    ...(await quietGradedCustomers(settings.followUpWindowDays, tz, today)),
    ...(await untouchedWecomLeads(tz, today)),
  ];
  const nudges = new Map<string, Nudge[]>();
  for (const { ownerId, nudge } of found) {
    const list = nudges.get(ownerId) ?? [];
    // One line per customer and kind: several open plans for one customer read as one.
    if (!list.some((n) => n.customerId === nudge.customerId && n.kind === nudge.kind)) {
      list.push(nudge);
    }
    nudges.set(ownerId, list);
  }
  for (const list of nudges.values()) {
    list.sort(
      (a, b) =>
        (gradeOrder[a.grade ?? ''] ?? 9) - (gradeOrder[b.grade ?? ''] ?? 9) ||
        b.days - a.days ||
        a.customerName.localeCompare(b.customerName),
    );
  }
  const owners = await EmployeeModel.find(
    { _id: { $in: [...nudges.keys()] as unknown as Types.ObjectId[] }, status: 'active' },
    { userId: 1 },
  ).lean();
  const messages = owners.map((owner): EmployeeMessage => ({
    id: `nudge:${owner.userId}:${today}`,
    toUserId: owner.userId,
    kind: 'nudge',
    payload: renderNudge(nudges.get(String(owner._id))!),
  }));
  if (!options.dryRun) {
    await enqueueMessages(messages, ctx.now);
  }
  return { nudges, messages };
}
