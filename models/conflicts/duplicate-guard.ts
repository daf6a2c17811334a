import type { Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';
import { activeEmployee } from '../org/permissions.js';
import { describeMatches, type ConflictMatch } from './describe-matches.js';
import { findMatches, type ConflictQuery } from './find-matches.js';
import type { RawMatch } from './match-scoring.js';

// Creating (or renaming into) a company that already exists is refused, naming the existing record,
// its state and its owner, so the rep can claim it from the pool or file a conflict complaint.

/** Existing customers that are the same entity as the query, best first. */
export async function likelyDuplicates(query: ConflictQuery): Promise<RawMatch[]> {
  const [matches] = await findMatches([query], { limit: 5, expandRelated: false });
  return (matches ?? []).filter((m) => m.relation === 'same');
}

export async function viewerOf(ctx: DomainContext): Promise<Employee | null> {
  return ctx.actor.kind === 'employee' ? activeEmployee(ctx.actor.employeeId) : null;
}

/** Throws DUPLICATE_CUSTOMER when the query is the same entity as an existing customer. */
export async function assertNoDuplicate(query: ConflictQuery, ctx: DomainContext): Promise<void> {
  const duplicates = await likelyDuplicates(query);
  if (duplicates.length === 0) {
    return;
  }
  const described = await describeMatches(duplicates, await viewerOf(ctx), ctx.now);
  throw duplicateError(described);
}

export function duplicateError(matches: ConflictMatch[]): AppError {
  const best = matches[0]!;
  return new AppError('DUPLICATE_CUSTOMER', duplicateMessage(best), {
    details: {
      customerId: best.customerId,
      name: best.name,
      // What the rep can do instead of creating a duplicate.
      actions: best.state === 'public' ? ['claim'] : best.mine ? [] : ['complaint'],
      matches: matches.map((m) => ({
        customerId: m.customerId,
        name: m.name,
        state: m.state,
        owner: m.owner,
        matchedOn: m.matchedOn,
        score: m.score,
        mine: m.mine,
      })),
    },
  });
}

function duplicateMessage(m: ConflictMatch): string {
  if (m.mine) {
    return `客户“${m.name}”已在你名下，无需重复创建`;
  }
  if (m.state === 'public') {
    return `客户“${m.name}”已在公海，可以直接认领`;
  }
  if (m.owner) {
    const team = m.owner.team ? `（${m.owner.team}）` : '';
    return `客户“${m.name}”已存在，由 ${m.owner.name}${team} 负责，可以发起撞单申诉`;
  }
  return `客户“${m.name}”已存在，可以认领或发起撞单申诉`;
}
