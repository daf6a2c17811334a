import { AppError } from '../../shared/app-error.js';
import type { Action, PolicyActor, PolicyCustomer, SubjectOf } from './actions.js';
import { policyFacts, type PolicyFacts } from './facts.js';
import { holderOf, rules, type Refusal, type Standing } from './rules.js';

export { holderOf, type Refusal };

// The one permission policy (STYLE.md 13a): commands call authorize() before they change anything;
// views build their `can` maps from can(), so a button is offered exactly when the action would succeed.

/** An actor as authorize() needs it: an active employee (actingEmployee()), with the teams they lead. */
export type PolicyEmployeeActor = PolicyActor & { leaderOfDepartmentIds?: number[] | null };

const MERGED: Refusal = { code: 'CUSTOMER_MERGED', message: '该客户已合并到另一个客户，请在保留的客户上操作' };

/** The customer a subject is about, if any. */
function customerOf(subject: SubjectOf<Action>): PolicyCustomer | null {
  if (subject && 'customer' in subject) return subject.customer;
  return subject && 'poolState' in subject ? subject : null;
}

function standing(actor: PolicyActor, customer: PolicyCustomer | null, facts: PolicyFacts): Standing {
  const responsible = facts.responsibleDepartmentId;
  const holder = customer ? holderOf(customer) : null;
  return {
    actor,
    ops: actor.role === 'ops' || actor.role === 'admin',
    admin: actor.role === 'admin',
    leadsTeam: actor.role === 'manager' && responsible != null && facts.managedDepartmentIds.has(responsible),
    holds: holder != null && String(holder) === String(actor._id),
  };
}

/** Why the actor may not do the action to the subject, or null when they may. */
export function decide<A extends Action>(
  actor: PolicyActor,
  action: A,
  subject: SubjectOf<A>,
  facts: PolicyFacts,
): Refusal | null {
  const customer = customerOf(subject);
  // A tombstone of a merge holds nothing: ops may look it up, nobody may act on it.
  if (customer?.poolState === 'merged' && action !== 'view') {
    return MERGED;
  }
  return rules[action](standing(actor, customer, facts), subject, facts);
}

/** Whether the actor may do the action to the subject now. */
export function can<A extends Action>(
  actor: PolicyActor,
  action: A,
  subject: SubjectOf<A>,
  facts: PolicyFacts,
): boolean {
  return decide(actor, action, subject, facts) === null;
}

/** One answer per action, for a view's `can` map. */
export function canEach<A extends Action>(
  actor: PolicyActor,
  actions: readonly A[],
  subject: SubjectOf<A>,
  facts: PolicyFacts,
): Record<A, boolean> {
  return Object.fromEntries(actions.map((a) => [a, can(actor, a, subject, facts)])) as Record<A, boolean>;
}

/** The AppError of a refusal. */
export function refusalError(refusal: Refusal): AppError {
  return new AppError(refusal.code, refusal.message, { details: refusal.details });
}

/**
 * Refuses (throws the refusal's AppError) unless the actor may do the action to the subject. Pass the
 * facts when the caller has them, or the time to load them. Returns the facts for further decisions.
 */
export async function authorize<A extends Action>(
  actor: PolicyEmployeeActor,
  action: A,
  subject: SubjectOf<A>,
  at: Date | PolicyFacts,
): Promise<PolicyFacts> {
  const facts = at instanceof Date ? await policyFacts(actor, action, subject, at) : at;
  const refusal = decide(actor, action, subject, facts);
  if (refusal) {
    throw refusalError(refusal);
  }
  return facts;
}
