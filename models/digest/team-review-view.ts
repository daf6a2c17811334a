import type { Types } from 'mongoose';
import { reviewFor } from './compute-digest.js';
import type { RepReview, TeamReview as DigestTeamReview, TeamRow } from './review-types.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { FollowUpModel, type FollowUp } from '../follow-ups/follow-up.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { actingEmployee, seesEverything } from '../org/permissions.js';
import { departmentTree, departmentsUnder } from '../org/department-tree.js';
import { businessDate, startOfBusinessDay } from '../shared/business-day.js';
import { customerBook, employeeById, type CustomerBook } from '../pool/my-customers.js';

export interface TeamScope {
  all: boolean;
  departmentIds: number[];
}

// The team page's review as the domain sees it; the HTTP answer is shaped from it by
// server/routes/team/team-review.presenter.ts.

export interface DroppingCustomer {
  customer: Pick<Customer, '_id' | 'name' | 'ownerId' | 'grade' | 'protectedUntil' | 'dropReason'>;
  ownerName: string;
}

export interface TeamReview {
  date: string;
  /** The evening digest's figures (理单) for the viewer's scope: team totals, funnel, forecast, alarm. */
  team: DigestTeamReview | null;
  /** Per rep (a manager's teams); ops see per-team rows instead. */
  reps: RepReview[];
  teams: TeamRow[];
  droppingTomorrow: DroppingCustomer[];
}

const TEAM_LIMIT = 500;
const DROPPING_LIMIT = 500;

/** Whose teams the viewer reviews: ops and admins everyone, managers the departments they lead. */
export async function teamScope(viewer: Employee): Promise<TeamScope> {
  if (seesEverything(viewer)) {
    return { all: true, departmentIds: [] };
  }
  if (viewer.role !== 'manager') {
    throw new AppError('FORBIDDEN', '只有主管和销售运营可以查看团队');
  }
  return { all: false, departmentIds: [...departmentsUnder(await departmentTree(), viewer.leaderOfDepartmentIds)] };
}

function inScope(scope: TeamScope, employee: Pick<Employee, 'mainDepartmentId' | 'departmentIds'>): boolean {
  return (
    scope.all ||
    [employee.mainDepartmentId, ...employee.departmentIds].some((d) => d != null && scope.departmentIds.includes(d))
  );
}

/** Private customers of the viewer's teams that drop by the end of tomorrow unless someone acts. */
async function droppingTomorrow(scope: TeamScope, ctx: DomainContext): Promise<DroppingCustomer[]> {
  const filter = scope.all ? {} : { departmentIds: { $in: scope.departmentIds } };
  const members = await EmployeeModel.find({ status: 'active', ...filter }, { name: 1 })
    .limit(TEAM_LIMIT)
    .lean();
  const names = new Map(members.map((m) => [String(m._id), m.name]));
  const dropping = await CustomerModel.find(
    {
      poolState: 'private',
      ownerId: { $in: members.map((m) => m._id) },
      // Drop instants are day starts: those falling on tomorrow's date, as in the daily digest.
      protectedUntil: { $gt: ctx.now, $lt: startOfBusinessDay(ctx.now, ctx.config.timezone, 2) },
    },
    { name: 1, ownerId: 1, grade: 1, protectedUntil: 1, dropReason: 1 },
  )
    .sort({ protectedUntil: 1 })
    .limit(DROPPING_LIMIT)
    .lean<DroppingCustomer['customer'][]>();
  return dropping.map((c) => ({ customer: c, ownerName: names.get(String(c.ownerId)) ?? '' }));
}

/**
 * The evening review (理单) of the viewer's teams for today, from the same computation as the daily
 * digest (per rep: follow-ups valid vs filler, A-class, grade moves, leads, claims, releases, drops,
 * capacity; per team: funnel, forecast, the no-new-A alarm), plus the customers dropping by tomorrow.
 */
export async function teamReview(ctx: DomainContext): Promise<TeamReview> {
  const viewer = await actingEmployee(ctx.actor);
  const scope = await teamScope(viewer);
  const [digest, dropping] = await Promise.all([reviewFor(viewer, ctx), droppingTomorrow(scope, ctx)]);
  return {
    date: digest?.date ?? businessDate(ctx.now, ctx.config.timezone),
    team: digest?.team ?? null,
    reps: digest?.reps ?? [],
    teams: digest?.teams ?? [],
    droppingTomorrow: dropping,
  };
}

export interface RepDrillDown extends CustomerBook {
  /** The rep's notes of today, newest first. */
  todaysFollowUps: FollowUp[];
}

/** One rep of the viewer's teams: their customer book and today's follow-ups. */
export async function repDrillDown(
  input: { employeeId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<RepDrillDown> {
  const viewer = await actingEmployee(ctx.actor);
  const scope = await teamScope(viewer);
  const rep = await employeeById(input.employeeId);
  if (!inScope(scope, rep)) {
    throw new AppError('FORBIDDEN', '该员工不在你管理的团队中');
  }
  const dayStart = startOfBusinessDay(ctx.now, ctx.config.timezone);
  const [book, followUps] = await Promise.all([
    customerBook(rep, ctx),
    FollowUpModel.find({ authorId: rep._id, createdAt: { $gte: dayStart, $lte: ctx.now } })
      .sort({ createdAt: -1 })
      .limit(100)
      .lean<FollowUp[]>(),
  ]);
  return {
    ...book,
    todaysFollowUps: followUps,
  };
}
