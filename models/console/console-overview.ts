import { LedgerEntryModel } from '../customers/ledger-entry.model.js';
import { computeDigests } from '../digest/compute-digest.js';
import type { Digest } from '../digest/review-types.js';
import { actingEmployee } from '../org/permissions.js';
import { addDays, businessDate, startOfBusinessDate } from '../shared/business-day.js';
import type { DomainContext } from '../shared/domain-context.js';
import { consoleScope, scopeSellers } from './console-scope.js';

// The console's 概览: the evening review's figures (funnel, forecast, forgotten customers, per-team
// rows and alarms — models/digest) for the viewer's scope, plus claims, releases and drops per day.

const DAYS = 30;

export interface DailyFlow {
  date: string;
  claims: number;
  releases: number;
  drops: number;
}

export interface ConsoleOverview {
  date: string;
  scopeName: string;
  departments: { deptId: number; name: string; parentId: number | null }[];
  digest: Pick<Digest, 'team' | 'teams'>;
  daily: DailyFlow[];
}

async function dailyFlows(repIds: Set<string>, ctx: DomainContext): Promise<DailyFlow[]> {
  const today = businessDate(ctx.now, ctx.config.timezone);
  const first = addDays(today, -(DAYS - 1));
  const days = new Map<string, DailyFlow>();
  for (let i = 0; i < DAYS; i++) {
    const date = addDays(first, i);
    days.set(date, { date, claims: 0, releases: 0, drops: 0 });
  }
  const entries = await LedgerEntryModel.find(
    {
      action: { $in: ['claim', 'release', 'drop'] },
      at: { $gte: startOfBusinessDate(first, ctx.config.timezone) },
    },
    { action: 1, at: 1, 'before.ownerId': 1, 'after.ownerId': 1 },
  ).lean<{ action: string; at: Date; before?: { ownerId?: unknown }; after?: { ownerId?: unknown } }[]>();
  for (const entry of entries) {
    const owner = String(entry.action === 'claim' ? entry.after?.ownerId : entry.before?.ownerId);
    const day = days.get(businessDate(entry.at, ctx.config.timezone));
    if (!day || !repIds.has(owner)) {
      continue;
    }
    const key = entry.action === 'claim' ? 'claims' : entry.action === 'release' ? 'releases' : 'drops';
    day[key] += 1;
  }
  return [...days.values()];
}

export async function consoleOverview(input: { departmentId?: number }, ctx: DomainContext): Promise<ConsoleOverview> {
  const viewer = await actingEmployee(ctx.actor);
  const scope = await consoleScope(viewer, input.departmentId);
  const reps = await scopeSellers(scope);
  const scopeName =
    input.departmentId !== undefined
      ? (scope.departments.find((d) => d.deptId === input.departmentId)?.name ?? String(input.departmentId))
      : scope.departmentIds
        ? '我的团队'
        : '全公司';
  const [digest] = await computeDigests(
    [
      {
        kind: 'company',
        recipient: viewer,
        name: scopeName,
        departmentIds: scope.departments.map((d) => d.deptId),
        reps,
      },
    ],
    ctx,
  );
  return {
    date: digest!.date,
    scopeName,
    departments: scope.departments,
    digest: { team: digest!.team, teams: digest!.teams },
    daily: await dailyFlows(new Set(reps.map((r) => String(r._id))), ctx),
  };
}
