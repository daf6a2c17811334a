import type { CaseDecision, CaseKind } from './conflict-case.model.js';
import type { BusinessLine } from '../../org/department.model.js';
import type { SideCriteria } from './case-criteria.js';

// The product's suggested ruling. Each criterion goes to the side that does better on it; the
// business line weighs them: KA lines (few, large targets) award the customer to whoever moves the
// deal, SMB lines (many small ones) to whoever was first, or teams fight over every lead. Two rules
// come before the weighing: a record of filler only is no claim at all (无效跟进), and a complaint
// of fake information stands when the holder has no real contact.

export type Criterion = 'firstContact' | 'realContact' | 'kpReached' | 'validFollowUps' | 'progress';

export const criterionWeights: Record<BusinessLine, Record<Criterion, number>> = {
  SMB: { firstContact: 0.45, realContact: 0.15, kpReached: 0.15, validFollowUps: 0.1, progress: 0.15 },
  KA: { firstContact: 0.15, realContact: 0.15, kpReached: 0.2, validFollowUps: 0.15, progress: 0.35 },
};

const criterionLabels: Record<Criterion, string> = {
  firstContact: '谁先对接',
  realContact: '对接是否真实',
  kpReached: '是否对接到 KP',
  validFollowUps: '有效跟进',
  progress: '近期推进',
};

export type CriterionWinner = CaseDecision | 'tie';

export interface Suggestion {
  decision: CaseDecision;
  /** Weighted points per side, 0–1. */
  points: Record<CaseDecision, number>;
  winners: Record<Criterion, CriterionWinner>;
  /** A rule that decided before the weighing, if any. */
  rule: 'thin-record' | 'fake-contact' | null;
  reasons: string[];
}

function compare(a: number, b: number): CriterionWinner {
  return a > b ? 'complainant' : b > a ? 'respondent' : 'tie';
}

function firstContactWinner(c: SideCriteria, r: SideCriteria): CriterionWinner {
  if (c.firstContactAt && r.firstContactAt) {
    return compare(r.firstContactAt.getTime(), c.firstContactAt.getTime());
  }
  return c.firstContactAt ? 'complainant' : r.firstContactAt ? 'respondent' : 'tie';
}

export function suggestRuling(
  kind: CaseKind,
  line: BusinessLine,
  complainant: SideCriteria,
  respondent: SideCriteria,
): Suggestion {
  const winners: Record<Criterion, CriterionWinner> = {
    firstContact: firstContactWinner(complainant, respondent),
    realContact: compare(Number(complainant.realContact), Number(respondent.realContact)),
    kpReached: compare(Number(complainant.kpReached), Number(respondent.kpReached)),
    validFollowUps: compare(complainant.validFollowUps, respondent.validFollowUps),
    progress: compare(complainant.progress, respondent.progress),
  };
  const weights = criterionWeights[line];
  const points: Record<CaseDecision, number> = { complainant: 0, respondent: 0 };
  const reasons: string[] = [];
  for (const criterion of Object.keys(winners) as Criterion[]) {
    const winner = winners[criterion];
    if (winner === 'tie') {
      points.complainant += weights[criterion] / 2;
      points.respondent += weights[criterion] / 2;
    } else {
      points[winner] += weights[criterion];
      reasons.push(
        `${criterionLabels[criterion]}：${winner === 'complainant' ? complainant.name : respondent.name} 占优（权重 ${Math.round(weights[criterion] * 100)}%）`,
      );
    }
  }
  let rule: Suggestion['rule'] = null;
  if (respondent.validFollowUps === 0 && respondent.invalidFollowUps > 0 && complainant.validFollowUps > 0) {
    rule = 'thin-record';
    reasons.unshift(`${respondent.name} 的 ${respondent.invalidFollowUps} 条跟进记录均过于简单，判为无效跟进`);
  } else if (kind === 'fake' && !respondent.realContact && complainant.realContact) {
    rule = 'fake-contact';
    reasons.unshift(`${respondent.name} 没有真实对接记录，投诉的虚假信息成立`);
  }
  // Without a rule, an exact tie leaves the customer where it is.
  const decision: CaseDecision = rule
    ? 'complainant'
    : points.complainant > points.respondent
      ? 'complainant'
      : 'respondent';
  reasons.unshift(
    `${line === 'KA' ? 'KA 业务线：重推进' : 'SMB 业务线：重先对接'}，建议判给 ${decision === 'complainant' ? complainant.name : respondent.name}`,
  );
  return {
    decision,
    points: { complainant: round(points.complainant), respondent: round(points.respondent) },
    winners,
    rule,
    reasons,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
