import type { Types } from 'mongoose';
import { CustomerModel } from '../customer.model.js';
import { EmployeeModel, type Employee } from '../employee.model.js';
import { AppError } from '../errors/app-error.js';
import { FollowUpModel } from '../follow-up.model.js';
import { LedgerEntryModel } from '../ledger-entry.model.js';
import type { DomainContext } from '../pool/domain-context.js';
import { actingEmployee, managedDepartmentIds, seesEverything } from '../pool/permissions.js';
import { businessDate, startOfBusinessDay } from '../time/business-day.js';
import { customerBook, employeeById, type CustomerBook } from './my-customers.js';

export interface TeamScope {
  all: boolean;
  departmentIds: number[];
}

export interface RepDayFigures {
  id: string;
  name: string;
  mainDepartmentId: number | null;
  privateCount: number;
  stakedCount: number;
  followUps: number;
  validFollowUps: number;
  claims: number;
  releases: number;
  dropsTomorrow: number;
}

export interface DroppingCustomer {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  grade: string | null;
  at: string;
  reason: string | null;
}

export interface TeamReview {
  date: string;
  reps: RepDayFigures[];
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
  return { all: false, departmentIds: [...(await managedDepartmentIds(viewer))] };
}

function inScope(scope: TeamScope, employee: Pick<Employee, 'mainDepartmentId' | 'departmentIds'>): boolean {
  return scope.all || [employee.mainDepartmentId, ...employee.departmentIds].some((d) => d != null && scope.departmentIds.includes(d));
}

async function teamMembers(scope: TeamScope): Promise<Employee[]> {
  const filter = scope.all ? {} : { departmentIds: { $in: scope.departmentIds } };
  return EmployeeModel.find({ status: 'active', ...filter }).sort({ name: 1 }).limit(TEAM_LIMIT).lean<Employee[]>();
}

function countBy<T>(rows: T[], key: (row: T) => unknown): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const k = String(key(row));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/**
 * The evening review (理单) of the viewer's teams for today: per rep the follow-ups written (and how
 * many were valid), claims and releases, capacity used, and the customers that drop by the end of
 * tomorrow unless someone acts.
 */
export async function teamReview(ctx: DomainContext): Promise<TeamReview> {
  const viewer = await actingEmployee(ctx.actor);
  const scope = await teamScope(viewer);
  const members = await teamMembers(scope);
  const ids = members.map((m) => m._id);
  const tz = ctx.config.timezone;
  const dayStart = startOfBusinessDay(ctx.now, tz);
  const tomorrowEnd = startOfBusinessDay(ctx.now, tz, 2);
  const [followUps, moves, dropping] = await Promise.all([
    FollowUpModel.find({ authorId: { $in: ids }, createdAt: { $gte: dayStart, $lte: ctx.now } }, { authorId: 1, quality: 1 })
      .limit(20_000).lean(),
    LedgerEntryModel.find({ actorId: { $in: ids }, action: { $in: ['claim', 'release'] }, at: { $gte: dayStart, $lte: ctx.now } }, { actorId: 1, action: 1 })
      .limit(20_000).lean(),
    CustomerModel.find({ poolState: 'private', ownerId: { $in: ids }, protectedUntil: { $gt: ctx.now, $lte: tomorrowEnd } },
      { name: 1, ownerId: 1, grade: 1, protectedUntil: 1, dropReason: 1 }).sort({ protectedUntil: 1 }).limit(DROPPING_LIMIT).lean(),
  ]);
  const written = countBy(followUps, (f) => f.authorId);
  const valid = countBy(followUps.filter((f) => f.quality?.valid), (f) => f.authorId);
  const claims = countBy(moves.filter((m) => m.action === 'claim'), (m) => m.actorId);
  const releases = countBy(moves.filter((m) => m.action === 'release'), (m) => m.actorId);
  const droppingByOwner = countBy(dropping, (c) => c.ownerId);
  const names = new Map(members.map((m) => [String(m._id), m.name]));
  return {
    date: businessDate(ctx.now, tz),
    reps: members.map((m) => {
      const id = String(m._id);
      return {
        id, name: m.name, mainDepartmentId: m.mainDepartmentId ?? null, privateCount: m.privateCount, stakedCount: m.stakedCount,
        followUps: written.get(id) ?? 0, validFollowUps: valid.get(id) ?? 0, claims: claims.get(id) ?? 0,
        releases: releases.get(id) ?? 0, dropsTomorrow: droppingByOwner.get(id) ?? 0,
      };
    }),
    droppingTomorrow: dropping.map((c) => ({
      id: String(c._id), name: c.name, ownerId: String(c.ownerId), ownerName: names.get(String(c.ownerId)) ?? '',
      grade: c.grade ?? null, at: c.protectedUntil!.toISOString(), reason: c.dropReason ?? null,
    })),
  };
}

export interface RepDrillDown extends CustomerBook {
  todaysFollowUps: { id: string; customerId: string; at: string; content: string; valid: boolean; reasons: string[] }[];
}

/** One rep of the viewer's teams: their customer book and today's follow-ups. */
export async function repDrillDown(input: { employeeId: Types.ObjectId | string }, ctx: DomainContext): Promise<RepDrillDown> {
  const viewer = await actingEmployee(ctx.actor);
  const scope = await teamScope(viewer);
  const rep = await employeeById(input.employeeId);
  if (!inScope(scope, rep)) {
    throw new AppError('FORBIDDEN', '该员工不在你管理的团队中');
  }
  const dayStart = startOfBusinessDay(ctx.now, ctx.config.timezone);
  const [book, followUps] = await Promise.all([
    customerBook(rep, ctx),
    FollowUpModel.find({ authorId: rep._id, createdAt: { $gte: dayStart, $lte: ctx.now } }).sort({ createdAt: -1 }).limit(100).lean(),
  ]);
  return {
    ...book,
    todaysFollowUps: followUps.map((f) => ({
      id: String(f._id), customerId: String(f.customerId), at: f.createdAt.toISOString(), content: f.content,
      valid: f.quality?.valid ?? false, reasons: (f.quality?.reasons ?? []).map((r) => r.message),
    })),
  };
}
