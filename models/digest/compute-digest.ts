import type { PoolRules } from '../../config/pool-rules.js';
import type { Employee } from '../org/employee.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { poolRulesResolver } from '../pool/pool-rules.js';
import { reviewSettings } from '../org/review-settings.js';
import { addDays, businessDate, startOfBusinessDate } from '../shared/business-day.js';
import { repReview, sliceByRep, type RepSlice, type ReviewClock } from './rep-review.js';
import { loadReviewData } from './review-data.js';
import { olderGradeChanges, teamGroups } from './grade-history.js';
import { departmentNames, reviewScopes, type ReviewScope } from './review-scopes.js';
import type { Digest, RepReview, TeamReview, TeamRow } from './review-types.js';
import { teamReview } from './team-review.js';

// The evening review (理单) as figures: one Digest per recipient, computed from one load of the day's
// data for every rep any recipient sees. The digest job renders these to WeCom messages; the
// mini-app can show the same figures.

const LOOK_BACK_DAYS = 30;

const emptySlice: RepSlice = { customers: [], ledger: [], followUpsToday: [], opportunities: [], inboundLeads: [] };

export async function computeDigests(scopes: readonly ReviewScope[], ctx: DomainContext): Promise<Digest[]> {
  if (scopes.length === 0) {
    return [];
  }
  const settings = await reviewSettings();
  const timeZone = ctx.config.timezone;
  const today = businessDate(ctx.now, timeZone);
  const clock: ReviewClock = { timeZone, today, dayStart: startOfBusinessDate(today, timeZone) };
  const lookBackDays = Math.max(LOOK_BACK_DAYS, settings.noNewAClassAlarmDays);
  const reps = new Map<string, Employee>();
  scopes.forEach((s) => s.reps.forEach((r) => reps.set(String(r._id), r)));

  const window = {
    dayStart: clock.dayStart,
    now: ctx.now,
    alarmStart: startOfBusinessDate(addDays(today, -(settings.noNewAClassAlarmDays - 1)), timeZone),
    lookBackStart: startOfBusinessDate(addDays(today, -(lookBackDays - 1)), timeZone),
  };
  // The reps' pool rules resolve while the data loads (one read per department, all at once).
  const rulesRead = rulesOfReps(reps, ctx);
  const namesRead = scopes.some((s) => s.kind === 'company')
    ? departmentNames()
    : Promise.resolve(new Map<number, string>());
  // Awaited once the data is in; a failure surfaces there.
  [rulesRead, namesRead].forEach((read) => read.catch(() => undefined));
  const data = await loadReviewData(new Set(reps.keys()), window, settings);
  data.ledger.push(...(await olderGradeChanges(teamGroups(scopes), data.ledger, window)));
  const slices = sliceByRep(data);
  const rulesOf = await rulesRead;
  const reviews = new Map<string, RepReview>();
  for (const [repId, rep] of reps) {
    reviews.set(
      repId,
      repReview(rep, slices.get(repId) ?? emptySlice, data, rulesOf.get(repId)!, settings.forgottenDays, clock),
    );
  }
  const names: Map<number, string> = await namesRead;
  const teamOf = teamsOnce((members) => teamReview(members, data, settings, clock, slices));

  return scopes.map((scope): Digest => {
    const repReviews = scope.reps
      .map((r) => reviews.get(String(r._id))!)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    const teams = scope.kind === 'company' ? teamRows(repReviews, names, teamOf) : [];
    return {
      date: today,
      scope: { kind: scope.kind, name: scope.name, departmentIds: scope.departmentIds },
      team: teamOf(repReviews),
      reps: scope.kind === 'company' ? [] : repReviews,
      teams,
    };
  });
}

/**
 * A team's figures depend on who is in it, not on the order: a manager's team and the company digest's row of the
 * same department are computed once.
 */
function teamsOnce(compute: (members: RepReview[]) => TeamReview): (members: RepReview[]) => TeamReview {
  const teams = new Map<string, TeamReview>();
  return (members) => {
    const key = members
      .map((m) => m.employeeId)
      .sort()
      .join();
    let team = teams.get(key);
    if (!team) {
      team = compute(members);
      teams.set(key, team);
    }
    return team;
  };
}

async function rulesOfReps(reps: ReadonlyMap<string, Employee>, ctx: DomainContext): Promise<Map<string, PoolRules>> {
  const resolveRules = poolRulesResolver(ctx.config);
  const entries = await Promise.all(
    [...reps].map(async ([repId, rep]) => [repId, await resolveRules(rep.mainDepartmentId ?? null)] as const),
  );
  return new Map(entries);
}

/** The company digest's rows: one per department, its reps' reviews summed up. */
function teamRows(
  repReviews: RepReview[],
  names: Map<number, string>,
  review: (members: RepReview[]) => TeamRow['review'],
): TeamRow[] {
  const byDepartment = new Map<number, RepReview[]>();
  repReviews.forEach((r) =>
    byDepartment.set(r.departmentId ?? 0, [...(byDepartment.get(r.departmentId ?? 0) ?? []), r]),
  );
  return [...byDepartment]
    .sort((a, b) => a[0] - b[0])
    .map(([departmentId, members]) => ({
      departmentId,
      name: names.get(departmentId) ?? (departmentId === 0 ? '未分配部门' : String(departmentId)),
      review: review(members),
    }));
}

/**
 * The review a manager (or, for ops, the company) sees today — for the mini-app's team page. The viewer may
 * come as already read (the request's acting employee), saving the read.
 */
export async function reviewFor(employee: string | Employee, ctx: DomainContext): Promise<Digest | null> {
  const [scope] = await reviewScopes(
    typeof employee === 'string' ? { recipientIds: [employee] } : { recipients: [employee] },
  );
  return scope ? (await computeDigests([scope], ctx))[0]! : null;
}
