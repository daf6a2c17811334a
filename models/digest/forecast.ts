import { openOpportunityStages, type Opportunity } from '../customers/opportunity.model.js';
import type { OpenStage, ReviewSettings } from '../org/review-settings.js';
import { addDays, businessDate, businessDayNumber, dayNumber } from '../shared/business-day.js';
import type { Forecast, ForecastBucket } from './review-types.js';

// The revenue forecast (业绩预测): each open opportunity contributes amount × the win probability of
// its stage, bucketed by expected close date. A stage's probability is the team's own history (of
// closed opportunities that passed through it, won ÷ closed) once there are enough, else the
// configured rate; an opportunity untouched for too long counts at a discount.

const isOpen = (stage: string): stage is OpenStage => (openOpportunityStages as readonly string[]).includes(stage);

// Per loaded opportunity: the digests of one run ask for each of them in several teams (a manager's, the company's).
const passedOf = new WeakMap<object, Set<OpenStage>>();

/** Open stages an opportunity went through, from its history (and its current stage). */
export function stagesPassed(o: Pick<Opportunity, 'stage' | 'stageHistory'>): Set<OpenStage> {
  const known = passedOf.get(o);
  if (known) {
    return known;
  }
  const passed = new Set<OpenStage>();
  for (const change of o.stageHistory) {
    [change.from, change.to].forEach((s) => {
      if (s && isOpen(s)) passed.add(s);
    });
  }
  if (isOpen(o.stage)) {
    passed.add(o.stage);
  }
  passedOf.set(o, passed);
  return passed;
}

export function winRates(closed: readonly Opportunity[], settings: ReviewSettings): Forecast['winRates'] {
  const rates = {} as Forecast['winRates'];
  for (const stage of openOpportunityStages) {
    const through = closed.filter((o) => stagesPassed(o).has(stage));
    const won = through.filter((o) => o.stage === 'won').length;
    const learned = through.length >= settings.forecastMinClosed;
    rates[stage] = {
      rate: learned ? won / through.length : settings.stageWinRates[stage],
      learned,
      sample: through.length,
    };
  }
  return rates;
}

function monthStart(date: string, addMonths: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + addMonths;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function bucket(from: string, toExclusive: string): ForecastBucket {
  return { from, to: addDays(toExclusive, -1), count: 0, amount: 0, expected: 0 };
}

const round = (n: number) => Math.round(n * 100) / 100;

export function forecast(
  opportunities: readonly Opportunity[],
  settings: ReviewSettings,
  timeZone: string,
  today: string,
): Forecast {
  const closed = opportunities.filter((o) => o.stage === 'won' || o.stage === 'lost');
  const todayNumber = dayNumber(today);
  const rates = winRates(closed, settings);
  const [, month] = today.split('-').map(Number) as [number, number];
  const quarterOffset = 3 - ((month - 1) % 3);
  const periods = {
    thisMonth: bucket(monthStart(today, 0), monthStart(today, 1)),
    nextMonth: bucket(monthStart(today, 1), monthStart(today, 2)),
    nextQuarter: bucket(monthStart(today, quarterOffset), monthStart(today, quarterOffset + 3)),
  };
  const result: Forecast = {
    winRates: rates,
    ...periods,
    overdue: { count: 0, amount: 0 },
    undated: { count: 0, amount: 0 },
  };
  for (const o of opportunities) {
    if (!isOpen(o.stage)) {
      continue;
    }
    if (!o.expectedCloseAt) {
      result.undated.count++;
      result.undated.amount += o.amount;
      continue;
    }
    const close = businessDate(o.expectedCloseAt, timeZone);
    if (close < today) {
      result.overdue.count++;
      result.overdue.amount += o.amount;
      continue;
    }
    const lastMove = [o.createdAt, ...o.stageHistory.map((h) => h.at)]
      .filter((d): d is Date => d instanceof Date)
      .reduce((a, b) => (a > b ? a : b));
    const stale = todayNumber - businessDayNumber(lastMove, timeZone) > settings.staleOpportunityDays;
    const expected = o.amount * rates[o.stage].rate * (stale ? settings.staleFactor : 1);
    for (const period of Object.values(periods)) {
      if (close >= period.from && close <= period.to) {
        period.count++;
        period.amount += o.amount;
        period.expected = round(period.expected + expected);
      }
    }
  }
  return result;
}
