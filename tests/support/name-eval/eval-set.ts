import { seededRandom, type Random } from '../company-generator.js';
import { evalCompany, tradeName, type EvalCompany } from './eval-generator.js';
import { realCompanies } from './real-companies.js';
import { lookAlike, lookAlikeClasses, realClasses, realVariant, sameClasses, sameVariant } from './eval-variants.js';

// The labelled evaluation: decoy customers, targets with one query per variant class (the target is
// the expected answer), real companies with their own variants, and look-alike different companies
// that must not be reported as the same. Built from a seed; the held-out part is frozen in a file.

export interface EvalCustomer {
  name: string;
  creditCode?: string;
  phones?: string[];
  boss?: string;
}

export interface EvalQuery {
  cls: string;
  name: string;
  /** Index of the expected customer among the set's customers; null: a different company. */
  target: number | null;
}

export interface EvalSet {
  customers: EvalCustomer[];
  queries: EvalQuery[];
}

export const DECOY_SEED = 1401;

/** The decoys every evaluation shares (the first `count` of one seeded stream). */
export function evalDecoys(count: number): EvalCompany[] {
  const random = seededRandom(DECOY_SEED);
  return Array.from({ length: count }, () => evalCompany(random));
}

export const asCustomer = (c: EvalCompany): EvalCustomer => ({
  name: c.name,
  creditCode: c.creditCode,
  phones: [c.phone],
  boss: c.boss,
});

/** Trade names nobody has yet, drawn from the random stream. */
export function freshNames(random: Random, taken: Set<string>): () => string {
  return () => {
    let name = tradeName(random);
    while (taken.has(name)) name = tradeName(random);
    taken.add(name);
    return name;
  };
}

/**
 * A check set: `perClass` targets per variant class and look-alike class, and real companies. The
 * customers are the targets and real companies (decoys are added by the caller); taken holds the
 * trade names of the decoys.
 */
export function buildCheckSet(seed: number, perClass: number, taken: Set<string>, withReal = false): EvalSet {
  const random = seededRandom(seed);
  const fresh = freshNames(random, taken);
  const customers: EvalCustomer[] = [];
  const queries: EvalQuery[] = [];
  for (const cls of sameClasses) {
    for (let n = 0; n < perClass;) {
      const target = evalCompany(random, fresh());
      const query = sameVariant(cls, target, random);
      if (query) {
        queries.push({ cls, name: query, target: customers.push(asCustomer(target)) - 1 });
        n++;
      }
    }
  }
  for (const cls of lookAlikeClasses) {
    for (let n = 0; n < perClass;) {
      const existing = evalCompany(random, fresh());
      const other = lookAlike(cls, existing, random, fresh);
      // A longer or shorter trade name must not be one somebody has already.
      const derived = cls === 'brand-longer' || cls === 'brand-shorter';
      if (other && (!derived || !taken.has(other.parts.tradeName))) {
        taken.add(other.parts.tradeName);
        customers.push(asCustomer(existing));
        queries.push({ cls: `≠ ${cls}`, name: other.name, target: null });
        n++;
      }
    }
  }
  if (!withReal) {
    return { customers, queries };
  }
  const realStart = customers.length;
  realCompanies.forEach((r) => customers.push({ name: r.name }));
  for (const cls of realClasses) {
    realCompanies.forEach((r, i) => {
      const query = realVariant(cls, r, random);
      if (query && random() < 0.5) {
        queries.push({ cls, name: query, target: realStart + i });
      }
    });
  }
  return { customers, queries };
}

export interface ImportEvalRow {
  name: string;
  creditCode?: string;
  /** 'new': a company nobody has; 'dup': the same company as an existing customer or an earlier row. */
  truth: 'new' | 'dup';
  cls: string;
}

export interface ImportEvalSet {
  existing: EvalCustomer[];
  rows: ImportEvalRow[];
}

const dupClasses = sameClasses.filter((c) => c !== 'brand-only' && c !== 'brand-suffix');

/**
 * An import file against `existingCount` customers of its own: new companies (a third of them look
 * alike an existing customer or an earlier row), variants of existing customers and of earlier rows.
 */
export function buildImportSet(
  seed: number,
  existingCount: number,
  rows: number,
  taken: Set<string>,
  withReal = false,
): ImportEvalSet {
  const random = seededRandom(seed);
  const fresh = freshNames(random, taken);
  const existing = Array.from({ length: existingCount }, () => evalCompany(random, fresh()));
  const out: ImportEvalRow[] = [];
  const earlier: EvalCompany[] = [];
  const known = new Set([...existing].map((c) => c.parts.tradeName));
  // A look-alike with a trade name of its own must not happen to be a company the file has already.
  const isFresh = (c: EvalCompany, derived: boolean) => {
    const name = c.parts.tradeName;
    const ok = name === lastSource || (!known.has(name) && (!derived || !taken.has(name)));
    known.add(c.parts.tradeName);
    return ok;
  };
  let lastSource = '';
  const pickFrom = (list: EvalCompany[]) => list[Math.floor(random() * list.length)]!;
  while (out.length < rows) {
    const draw = random();
    if (draw < 0.45 || earlier.length === 0) {
      const company = evalCompany(random, fresh());
      earlier.push(company);
      known.add(company.parts.tradeName);
      out.push({
        name: company.name,
        creditCode: random() < 0.3 ? company.creditCode : undefined,
        truth: 'new',
        cls: 'new',
      });
    } else if (draw < 0.7) {
      const cls = lookAlikeClasses[Math.floor(random() * (lookAlikeClasses.length - 1))]!;
      const base = draw < 0.6 ? pickFrom(existing) : pickFrom(earlier);
      lastSource = base.parts.tradeName;
      const other = lookAlike(cls, base, random, fresh);
      const source = other && out.find((r) => r.name === other.name);
      if (other && !source && isFresh(other, cls === 'brand-longer' || cls === 'brand-shorter')) {
        out.push({ name: other.name, truth: 'new', cls: `≠ ${cls}` });
      }
    } else {
      const cls = dupClasses[Math.floor(random() * dupClasses.length)]!;
      const fromExisting = draw < 0.85;
      const query = sameVariant(cls, fromExisting ? pickFrom(existing) : pickFrom(earlier), random);
      if (query) {
        out.push({ name: query, truth: 'dup', cls: `${fromExisting ? 'existing' : 'earlier'} ${cls}` });
      }
    }
  }
  // The real companies as new rows: a sales team's spreadsheet of well-known accounts.
  if (withReal) {
    realCompanies.forEach((r) => out.push({ name: r.name, truth: 'new', cls: 'real' }));
  }
  return { existing: existing.map(asCustomer), rows: out };
}

export { realClasses, sameClasses, lookAlikeClasses };
