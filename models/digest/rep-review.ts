import type { PoolRules } from '../../config/pool-rules.js';
import type { Employee } from '../org/employee.model.js';
import type { Opportunity } from '../customers/opportunity.model.js';
import { openOpportunityStages } from '../customers/opportunity.model.js';
import { addDays, businessDate, businessDayNumber, dayNumber } from '../shared/business-day.js';
import { conflictsRaised } from './conflict-figures.js';
import type { ReviewCustomer, ReviewData, ReviewFollowUp, ReviewLedgerEntry } from './review-data.js';
import type { AClassItem, GradeMove, RepReview } from './review-types.js';

// One rep's line of the evening review, computed from data already loaded.

export interface RepSlice {
  customers: ReviewCustomer[];
  /** Ledger entries that moved one of the rep's customers (to or from them). */
  ledger: ReviewLedgerEntry[];
  followUpsToday: ReviewFollowUp[];
  opportunities: Opportunity[];
  inboundLeads: { source: string }[];
}

export interface ReviewClock {
  timeZone: string;
  today: string;
  dayStart: Date;
}

const gradeRank: Record<string, number> = { A: 4, B: 3, C: 2, D: 1 };
const rank = (grade: unknown) => (typeof grade === 'string' ? (gradeRank[grade] ?? 0) : 0);
// Ids arrive as ObjectIds (or strings, or null) from ledger snapshots; compare them as strings.
const id = (value: { toString(): string } | null | undefined) => (value == null ? '' : value.toString());

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

/** Splits loaded data by rep once, so each rep's review reads only its own slice. */
export function sliceByRep(data: ReviewData): Map<string, RepSlice> {
  const slices = new Map<string, RepSlice>();
  const slice = (rep: string) => {
    let s = slices.get(rep);
    if (!s) {
      s = { customers: [], ledger: [], followUpsToday: [], opportunities: [], inboundLeads: [] };
      slices.set(rep, s);
    }
    return s;
  };
  data.customers.forEach((c) => slice(id(c.ownerId)).customers.push(c));
  for (const e of data.ledger) {
    const reps = new Set([id(e.before?.ownerId), id(e.after?.ownerId)].filter(Boolean));
    reps.forEach((rep) => slice(rep).ledger.push(e));
  }
  data.followUpsToday.forEach((f) => slice(id(f.authorId)).followUpsToday.push(f));
  data.opportunities.forEach((o) => slice(id(o.ownerId)).opportunities.push(o));
  data.inboundLeadsToday.forEach((l) => slice(id(l.routedTo)).inboundLeads.push(l));
  return slices;
}

function aClassItem(
  c: ReviewCustomer,
  data: ReviewData,
  openByCustomer: Map<string, Opportunity[]>,
  clock: ReviewClock,
): AClassItem {
  const becameA = [...c.gradeHistory].reverse().find((h) => h.to === 'A');
  const since = [c.lastValidFollowUpAt, c.claimedAt]
    .filter((d): d is Date => d instanceof Date)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const note = data.latestNotes.get(id(c._id));
  const best = (openByCustomer.get(id(c._id)) ?? []).sort((a, b) => b.amount - a.amount)[0];
  return {
    customerId: id(c._id),
    name: c.name,
    stage: c.stage,
    since: becameA ? businessDate(becameA.at, clock.timeZone) : null,
    daysQuiet: since ? dayNumber(clock.today) - businessDayNumber(since, clock.timeZone) : 0,
    lastNote: note ? (note.nextStep || note.content).slice(0, 40) : '',
    opportunity: best ? { stage: best.stage, amount: best.amount } : null,
  };
}

function gradeMove(e: ReviewLedgerEntry, names: Map<string, string>): GradeMove {
  return {
    customerId: id(e.customerId),
    name: names.get(id(e.customerId)) ?? '',
    from: e.before?.grade ?? null,
    to: e.after?.grade ?? null,
  };
}

/** Days → how many of the customers were last contacted at least that many days ago. */
export function forgottenCounts(
  customers: readonly ReviewCustomer[],
  thresholds: readonly number[],
  clock: ReviewClock,
): Record<number, number> {
  const counts: Record<number, number> = Object.fromEntries(thresholds.map((d) => [d, 0]));
  const today = dayNumber(clock.today);
  for (const c of customers) {
    const last = c.lastFollowUpAt ?? c.claimedAt ?? c.createdAt;
    if (!last) {
      continue;
    }
    const days = today - businessDayNumber(last, clock.timeZone);
    thresholds.forEach((d) => {
      if (days >= d) counts[d]! += 1;
    });
  }
  return counts;
}

/** Today's new leads of the rep by source: customers created for them and inbound leads routed to them. */
function leadSources(created: ReviewLedgerEntry[], slice: RepSlice): Record<string, number> {
  const bySource: Record<string, number> = {};
  created.forEach((e) => {
    bySource[e.reason || 'manual'] = (bySource[e.reason || 'manual'] ?? 0) + 1;
  });
  slice.inboundLeads.forEach((l) => {
    bySource[l.source] = (bySource[l.source] ?? 0) + 1;
  });
  return bySource;
}

/** The capacity figures of the rep's pool. */
function capacityOf(rep: Pick<Employee, 'stakedCount'>, slice: RepSlice, rules: PoolRules): RepReview['capacity'] {
  return {
    used: slice.customers.length,
    limit: rules.capacity,
    staked: rep.stakedCount,
    stakeLimit: rules.capacity * rules.stakeMultiple,
  };
}

export function repReview(
  rep: Pick<Employee, '_id' | 'userId' | 'name' | 'mainDepartmentId' | 'stakedCount'> & { createdAt?: Date },
  slice: RepSlice,
  data: ReviewData,
  rules: PoolRules,
  forgottenDays: readonly number[],
  clock: ReviewClock,
): RepReview {
  const me = id(rep._id);
  const today = slice.ledger.filter((e) => e.at >= clock.dayStart);
  const from = (e: ReviewLedgerEntry) => id(e.before?.ownerId) === me;
  const to = (e: ReviewLedgerEntry) => id(e.after?.ownerId) === me;
  const grades = today.filter((e) => e.action === 'grade' && id(e.after?.ownerId ?? e.before?.ownerId) === me);
  const openByCustomer = new Map<string, Opportunity[]>();
  slice.opportunities
    .filter((o) => (openOpportunityStages as readonly string[]).includes(o.stage))
    .forEach((o) => push(openByCustomer, id(o.customerId), o));

  const bySource = leadSources(
    today.filter((e) => e.action === 'create' && to(e)),
    slice,
  );
  const tomorrow = addDays(clock.today, 1);

  return {
    employeeId: me,
    userId: rep.userId,
    name: rep.name,
    departmentId: rep.mainDepartmentId ?? null,
    followUps: {
      total: slice.followUpsToday.length,
      valid: slice.followUpsToday.filter((f) => f.valid).length,
      filler: slice.followUpsToday.filter((f) => !f.valid).length,
    },
    aClass: slice.customers
      .filter((c) => c.grade === 'A')
      .map((c) => aClassItem(c, data, openByCustomer, clock))
      .sort((a, b) => b.daysQuiet - a.daysQuiet || a.name.localeCompare(b.name)),
    upgrades: grades
      .filter((e) => rank(e.after?.grade) > rank(e.before?.grade))
      .map((e) => gradeMove(e, data.customerNames)),
    downgrades: grades
      .filter((e) => rank(e.after?.grade) < rank(e.before?.grade))
      .map((e) => gradeMove(e, data.customerNames)),
    newAClass: grades.filter((e) => e.after?.grade === 'A' && e.before?.grade !== 'A').length,
    newLeads: { total: Object.values(bySource).reduce((a, b) => a + b, 0), bySource },
    claims: today.filter((e) => e.action === 'claim' && to(e)).length,
    releases: today.filter((e) => e.action === 'release' && from(e)).length,
    drops: today.filter((e) => e.action === 'drop' && from(e)).length,
    received: today.filter((e) => ['assign', 'transfer', 'inherit', 'ruling'].includes(e.action) && to(e) && !from(e))
      .length,
    droppingTomorrow: slice.customers
      .filter((c) => c.protectedUntil && businessDate(c.protectedUntil, clock.timeZone) === tomorrow)
      .map((c) => ({ customerId: id(c._id), name: c.name })),
    conflicts: conflictsRaised(data.conflictCasesToday, new Set([me])),
    capacity: capacityOf(rep, slice, rules),
    forgotten: forgottenCounts(slice.customers, forgottenDays, clock),
    knownSince: rep.createdAt?.toISOString() ?? null,
  };
}
