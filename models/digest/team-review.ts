import type { ReviewSettings } from '../org/review-settings.js';
import { addDays, businessDate, startOfBusinessDate } from '../shared/business-day.js';
import { conflictsRaised } from './conflict-figures.js';
import { forecast } from './forecast.js';
import { funnel } from './funnel.js';
import type { ReviewClock } from './rep-review.js';
import { forgottenCounts } from './rep-review.js';
import type { ReviewData } from './review-data.js';
import type { RepReview, TeamReview } from './review-types.js';

// A team's figures: the sum of its reps, its funnel and forecast, and the no-new-A-class alarm.

const sum = (reps: readonly RepReview[], pick: (r: RepReview) => number) =>
  reps.reduce((total, r) => total + pick(r), 0);

export function teamReview(
  reps: readonly RepReview[],
  data: ReviewData,
  settings: ReviewSettings,
  clock: ReviewClock,
): TeamReview {
  const members = new Set(reps.map((r) => r.employeeId));
  const customers = data.customers.filter((c) => members.has(String(c.ownerId)));
  const opportunities = data.opportunities.filter((o) => members.has(String(o.ownerId)));

  // New A-class customers of the team's reps over the look-back loaded with the data.
  const newA = data.ledger
    .filter((e) => e.action === 'grade' && e.after?.grade === 'A' && e.before?.grade !== 'A')
    .filter((e) => members.has(String(e.after?.ownerId ?? e.before?.ownerId)))
    .map((e) => e.at)
    .sort((a, b) => b.getTime() - a.getTime());
  const alarmStart = startOfBusinessDate(addDays(clock.today, -(settings.noNewAClassAlarmDays - 1)), clock.timeZone);
  // "N days without a new A" needs N days of history: not on a team the CRM has known for less (its
  // members' records and the first change to their customers are all newer than the alarm's window).
  const memberLedger = data.ledger.filter(
    (e) => members.has(String(e.after?.ownerId)) || members.has(String(e.before?.ownerId)),
  );
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
    forgotten: forgottenCounts(customers, settings.forgottenDays, clock),
    alarm: {
      noNewAClass: enoughHistory && !(newA[0] && newA[0] >= alarmStart),
      days: settings.noNewAClassAlarmDays,
      lastNewAClass: newA[0] ? businessDate(newA[0], clock.timeZone) : null,
    },
  };
}
