import type { ReviewSettings } from '../org/review-settings.js';
import { addDays, businessDate, startOfBusinessDate } from '../shared/business-day.js';
import { conflictsRaised } from './conflict-figures.js';
import { forecast } from './forecast.js';
import { funnel } from './funnel.js';
import type { RepSlice, ReviewClock } from './rep-review.js';
import type { ReviewData } from './review-data.js';
import type { RepReview, TeamReview } from './review-types.js';

// A team's figures: the sum of its reps, its funnel and forecast, and the no-new-A-class alarm.

const sum = (reps: readonly RepReview[], pick: (r: RepReview) => number) =>
  reps.reduce((total, r) => total + pick(r), 0);

// Where each loaded item stands in its list of the data, so a team's items gathered from its reps' slices keep the
// order a filter over the whole list would give them.
const positions = new WeakMap<readonly object[], Map<object, number>>();

function inDataOrder<T extends object>(list: readonly T[], items: readonly T[]): T[] {
  let order = positions.get(list);
  if (!order) {
    order = new Map<object, number>();
    list.forEach((item, i) => order!.set(item, i));
    positions.set(list, order);
  }
  // Each item is in the list once: sorting their positions as numbers is sorting the items.
  const at = Float64Array.from(items, (item) => order.get(item)!).sort();
  return Array.from(at, (i) => list[i]!);
}

function teamSlice(reps: readonly RepReview[], data: ReviewData, slices: ReadonlyMap<string, RepSlice>) {
  const own = reps.map((r) => slices.get(r.employeeId)).filter((s): s is RepSlice => s !== undefined);
  return {
    customers: inDataOrder(
      data.customers,
      own.flatMap((s) => s.customers),
    ),
    opportunities: inDataOrder(
      data.opportunities,
      own.flatMap((s) => s.opportunities),
    ),
    // An entry moving a customer between two members is in both their slices.
    memberLedger: inDataOrder(data.ledger, [...new Set(own.flatMap((s) => s.ledger))]),
  };
}

/** The team's forgotten customers: each customer is one member's (its owner's), so the members' counts add up. */
function forgottenOf(reps: readonly RepReview[], thresholds: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = Object.fromEntries(thresholds.map((d) => [d, 0]));
  for (const r of reps) {
    thresholds.forEach((d) => {
      counts[d]! += r.forgotten[d] ?? 0;
    });
  }
  return counts;
}

/** A team's figures from its reps' slices (sliceByRep), never a pass over everyone's data. */
export function teamReview(
  reps: readonly RepReview[],
  data: ReviewData,
  settings: ReviewSettings,
  clock: ReviewClock,
  slices: ReadonlyMap<string, RepSlice>,
): TeamReview {
  const members = new Set(reps.map((r) => r.employeeId));
  const { customers, opportunities, memberLedger } = teamSlice(reps, data, slices);

  // New A-class customers of the team's reps over the look-back loaded with the data.
  const newA = memberLedger
    .filter((e) => e.action === 'grade' && e.after?.grade === 'A' && e.before?.grade !== 'A')
    .filter((e) => members.has(String(e.after?.ownerId ?? e.before?.ownerId)))
    .map((e) => e.at)
    .sort((a, b) => b.getTime() - a.getTime());
  const alarmStart = startOfBusinessDate(addDays(clock.today, -(settings.noNewAClassAlarmDays - 1)), clock.timeZone);
  // "N days without a new A" needs N days of history: not on a team the CRM has known for less (its
  // members' records and the first change to their customers are all newer than the alarm's window).
  const knownSince = memberLedger.reduce(
    (earliest, e) => Math.min(earliest, e.at.getTime()),
    reps.reduce((earliest, r) => Math.min(earliest, r.knownSince ? Date.parse(r.knownSince) : Infinity), Infinity),
  );
  const enoughHistory = reps.length > 0 && knownSince < alarmStart.getTime();

  return {
    reps: reps.length,
    totals: {
      followUps: sum(reps, (r) => r.followUps.total),
      valid: sum(reps, (r) => r.followUps.valid),
      filler: sum(reps, (r) => r.followUps.filler),
      newLeads: sum(reps, (r) => r.newLeads.total),
      claims: sum(reps, (r) => r.claims),
      releases: sum(reps, (r) => r.releases),
      drops: sum(reps, (r) => r.drops),
      newAClass: sum(reps, (r) => r.newAClass),
      aClass: sum(reps, (r) => r.aClass.length),
      droppingTomorrow: sum(reps, (r) => r.droppingTomorrow.length),
      // A complaint between two members counts once for the team.
      conflicts: conflictsRaised(data.conflictCasesToday, members),
      capacityUsed: sum(reps, (r) => r.capacity.used),
      capacityLimit: sum(reps, (r) => r.capacity.limit),
    },
    funnel: funnel(customers, opportunities),
    forecast: forecast(opportunities, settings, clock.timeZone, clock.today),
    forgotten: forgottenOf(reps, settings.forgottenDays),
    alarm: {
      noNewAClass: enoughHistory && !(newA[0] && newA[0] >= alarmStart),
      days: settings.noNewAClassAlarmDays,
      lastNewAClass: newA[0] ? businessDate(newA[0], clock.timeZone) : null,
    },
  };
}
