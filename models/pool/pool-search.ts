import type { Types } from 'mongoose';
import type { Grade } from '../../config/pool-rules.js';
import { normalizeCompanyName } from '../conflicts/keys/customer-keys.js';
import { findMatches } from '../conflicts/find-matches.js';
import { CustomerModel, type Customer, type CustomerSource, type Stage } from '../customers/customer.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { actingEmployee } from '../org/permissions.js';
import { actorFacts } from '../org/policy/facts.js';
import { can } from '../org/policy/policy.js';
import { DAY } from '../shared/clock.js';
import { cooldownFor } from './transitions.js';

export interface PoolSearchQuery {
  /** Company name, brand or part of it. */
  q?: string;
  industry?: string;
  region?: string;
  source?: CustomerSource;
  /** An intent grade, or 'none' for ungraded customers. */
  grade?: Grade | 'none';
  /** At least this many days in the public pool. */
  minDaysInPool?: number;
  /** At most this many days in the public pool. */
  maxDaysInPool?: number;
  sort?: 'newest' | 'oldest';
  page: number;
  pageSize: number;
}

export interface PoolListItem {
  id: string;
  name: string;
  industry: string;
  region: string;
  source: string;
  grade: Grade | null;
  stage: Stage;
  completeness: number;
  publicSince: string | null;
  daysInPool: number | null;
  /** Set when the viewer released or lost it recently and may not claim it yet. */
  cooldownUntil: string | null;
  /** What the viewer may do with it now (the policy's answers). */
  can: { claim: boolean; stake: boolean };
}

export interface PoolPage {
  items: PoolListItem[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** Ranked customer ids whose names match the query, best first. */
export type NameMatcher = (q: string, limit: number) => Promise<Types.ObjectId[]>;

const NAME_CANDIDATES = 200;
const listProjection = {
  name: 1,
  industry: 1,
  region: 1,
  source: 1,
  grade: 1,
  stage: 1,
  completeness: 1,
  publicSince: 1,
  cooldowns: 1,
  poolState: 1,
  ownerId: 1,
  stakedBy: 1,
} as const;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Public customers whose normalised name contains the normalised query, shortest name first (closest to
 * the query): what a rep typing part of a name expects to see.
 */
export const containsNameMatcher: NameMatcher = async (q, limit) => {
  const needle = normalizeCompanyName(q);
  if (!needle) {
    return [];
  }
  const found = await CustomerModel.find(
    { poolState: 'public', 'keys.normalizedName': { $regex: escapeRegex(needle) } },
    { name: 1 },
  )
    .limit(limit)
    .lean();
  return found.sort((a, b) => a.name.length - b.name.length).map((c) => c._id);
};

/** Matches from the conflict engine (other spellings, typos, brands) ranked first. */
const RANKED_FIRST = 20;

/**
 * The default matcher of the public pool: the conflict engine's ranked matches of the name (so
 * "字節跳動", "北京字节跳动科技" or a typo still find 北京字节跳动科技有限公司), then every other public
 * customer whose name contains the query.
 */
export const rankedNameMatcher: NameMatcher = async (q, limit) => {
  const [[ranked = []], contained] = await Promise.all([
    findMatches([{ name: q }], { limit: RANKED_FIRST, expandRelated: false }),
    containsNameMatcher(q, limit),
  ]);
  const ids = new Map<string, Types.ObjectId>();
  for (const id of [
    ...ranked.filter((m) => m.customer.poolState === 'public').map((m) => m.customer._id),
    ...contained,
  ]) {
    ids.set(String(id), ids.get(String(id)) ?? id);
  }
  return [...ids.values()].slice(0, limit);
};

function filterOf(query: PoolSearchQuery, now: Date): Record<string, unknown> {
  const filter: Record<string, unknown> = { poolState: 'public' };
  if (query.industry) filter.industry = query.industry;
  if (query.region) filter.region = query.region;
  if (query.source) filter.source = query.source;
  if (query.grade) filter.grade = query.grade === 'none' ? null : query.grade;
  const since: Record<string, Date> = {};
  if (query.minDaysInPool !== undefined) since.$lte = new Date(now.getTime() - query.minDaysInPool * DAY);
  if (query.maxDaysInPool !== undefined) since.$gte = new Date(now.getTime() - query.maxDaysInPool * DAY);
  if (Object.keys(since).length > 0) filter.publicSince = since;
  return filter;
}

/**
 * One page of the public pool (公海) for a rep: by name (ranked matching), industry, region, source,
 * grade and time in the pool. Pages are bounded and never carry contact details.
 */
export async function searchPublicPool(
  query: PoolSearchQuery,
  ctx: DomainContext,
  matchNames: NameMatcher = rankedNameMatcher,
): Promise<PoolPage> {
  const filter = filterOf(query, ctx.now);
  const skip = (query.page - 1) * query.pageSize;
  let rows: Pick<Customer, keyof typeof listProjection | '_id'>[];
  if (query.q?.trim()) {
    const ranked = await matchNames(query.q.trim(), NAME_CANDIDATES);
    const rank = new Map(ranked.map((id, i) => [String(id), i]));
    const matched = await CustomerModel.find({ ...filter, _id: { $in: ranked } }, listProjection)
      .limit(NAME_CANDIDATES)
      .lean();
    rows = matched
      .sort((a, b) => (rank.get(String(a._id)) ?? 0) - (rank.get(String(b._id)) ?? 0))
      .slice(skip, skip + query.pageSize + 1);
  } else {
    rows = await CustomerModel.find(filter, listProjection)
      .sort({ publicSince: query.sort === 'oldest' ? 1 : -1, _id: 1 })
      .skip(skip)
      .limit(query.pageSize + 1)
      .lean();
  }
  const viewer = ctx.actor.kind === 'employee' ? await actingEmployee(ctx.actor) : null;
  // Nobody answers for a public customer: no department facts to load per row.
  const facts = viewer ? { ...(await actorFacts(viewer, ctx.now)), responsibleDepartmentId: null } : null;
  const items = rows.slice(0, query.pageSize).map((c): PoolListItem => {
    const cooldown = viewer ? cooldownFor(c, viewer._id, ctx.now) : null;
    const may = (action: 'claim' | 'stake') => viewer !== null && facts !== null && can(viewer, action, c, facts);
    return {
      id: String(c._id),
      name: c.name,
      industry: c.industry,
      region: c.region,
      source: c.source,
      grade: c.grade ?? null,
      stage: c.stage,
      completeness: c.completeness,
      publicSince: c.publicSince?.toISOString() ?? null,
      daysInPool: c.publicSince ? Math.floor((ctx.now.getTime() - c.publicSince.getTime()) / DAY) : null,
      cooldownUntil: cooldown?.toISOString() ?? null,
      can: { claim: may('claim'), stake: may('stake') },
    };
  });
  return { items, page: query.page, pageSize: query.pageSize, hasMore: rows.length > query.pageSize };
}

/** The values the pool's filters offer: industries and regions present in the public pool. */
export async function poolFilterOptions(): Promise<{ industries: string[]; regions: string[] }> {
  const [industries, regions] = await Promise.all([
    CustomerModel.distinct('industry', { poolState: 'public' }),
    CustomerModel.distinct('region', { poolState: 'public' }),
  ]);
  const clean = (values: unknown[]) =>
    values
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .sort()
      .slice(0, 200);
  return { industries: clean(industries), regions: clean(regions) };
}
