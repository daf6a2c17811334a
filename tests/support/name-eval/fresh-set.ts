import * as OpenCC from 'opencc-js/cn2t';
import { pick, seededRandom, type Random } from '../company-generator.js';
import type { EvalQuery, EvalSet, ImportEvalRow, ImportEvalSet } from './eval-set.js';
import {
  freshCities,
  freshForms,
  freshHomophone,
  freshIndustries,
  freshProvinces,
  freshTradeName,
} from './fresh-vocabulary.js';

// The fresh evaluation: companies composed from faker's zh_CN vocabulary (fresh-vocabulary.ts) with a
// seed of its own, written the same company's other ways and beside different companies that look
// alike. Added after the rules were tuned on the first evaluation, and never read for misses.

interface FreshParts {
  place: { kind: 'province' | 'city'; name: string };
  tradeName: string;
  industry: number;
  form: number;
  layout: 'prefix' | 'bracket' | 'none';
}

const shortPlace = (p: FreshParts['place']) =>
  p.kind === 'city' ? p.name : p.name.replace(/(壮族|回族|维吾尔)?(自治区|省|市)$/, '');
const placeText = (p: FreshParts['place']) => (p.kind === 'city' ? `${p.name}市` : p.name);

function compose(p: FreshParts, over: { industry?: string; form?: string } = {}): string {
  const tail = `${over.industry ?? freshIndustries[p.industry]}${over.form ?? freshForms[p.form]}`;
  if (p.layout === 'bracket') return `${p.tradeName}（${shortPlace(p.place)}）${tail}`;
  return `${p.layout === 'prefix' ? placeText(p.place) : ''}${p.tradeName}${tail}`;
}

function randomPlace(random: Random): FreshParts['place'] {
  return random() < 0.5
    ? { kind: 'province', name: pick(random, freshProvinces) }
    : { kind: 'city', name: pick(random, freshCities) };
}

function freshCompany(random: Random, tradeName: string, over: Partial<FreshParts> = {}): FreshParts {
  const layouts = ['prefix', 'prefix', 'prefix', 'bracket', 'none'] as const;
  return {
    place: randomPlace(random),
    tradeName,
    industry: Math.floor(random() * freshIndustries.length),
    form: Math.floor(random() * freshForms.length),
    layout: pick(random, layouts),
    ...over,
  };
}

// Mainland → Hong Kong characters, as a name pasted from a Hong Kong document is written (the package's
// .d.ts cannot be followed under NodeNext, so the converter's type is stated).
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' }) as unknown as (text: string) => string;

export const freshSameClasses = [
  'fresh-region-dropped',
  'fresh-region-bracket',
  'fresh-industry-dropped',
  'fresh-form-short',
  'fresh-homophone',
  'fresh-swap',
  'fresh-traditional',
  'fresh-ascii-spaces',
  'fresh-brand-industry',
  'fresh-brand-only',
] as const;
type FreshSame = (typeof freshSameClasses)[number];

function sameVariant(cls: FreshSame, p: FreshParts, random: Random): string | null {
  const chars = [...p.tradeName];
  switch (cls) {
    case 'fresh-region-dropped':
      return p.layout === 'none' ? null : compose({ ...p, layout: 'none' });
    case 'fresh-region-bracket':
      return p.layout === 'prefix' ? compose({ ...p, layout: 'bracket' }) : null;
    case 'fresh-industry-dropped':
      return compose(p, { industry: '' });
    case 'fresh-form-short':
      return compose(p, { form: pick(random, ['公司', '']) });
    case 'fresh-homophone': {
      const typo = freshHomophone(random, p.tradeName);
      return typo ? compose({ ...p, tradeName: typo }) : null;
    }
    case 'fresh-swap': {
      if (chars.length < 3) return null;
      const at = Math.floor(random() * (chars.length - 1));
      [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
      return compose({ ...p, tradeName: chars.join('') });
    }
    case 'fresh-traditional':
      return toTraditional(compose(p));
    case 'fresh-ascii-spaces':
      return compose(p)
        .replace('（', ' (')
        .replace('）', ') ')
        .replace(/(有限|股份|无限|集团)/, ' $1');
    case 'fresh-brand-industry':
      return `${p.tradeName}${freshIndustries[p.industry]}`;
    case 'fresh-brand-only':
      return p.tradeName;
  }
}

export const freshLookAlikeClasses = ['fresh-sister', 'fresh-elsewhere', 'fresh-longer', 'fresh-unknown'] as const;
type FreshLookAlike = (typeof freshLookAlikeClasses)[number];

function lookAlike(cls: FreshLookAlike, p: FreshParts, random: Random, fresh: () => string): FreshParts | null {
  switch (cls) {
    case 'fresh-sister': {
      let industry = Math.floor(random() * freshIndustries.length);
      while (industry === p.industry) industry = Math.floor(random() * freshIndustries.length);
      return { ...p, industry, form: Math.floor(random() * freshForms.length) };
    }
    case 'fresh-elsewhere': {
      // Another place of the same level: a city inside the province would be compatible.
      if (p.layout === 'none') return null;
      const pool = p.place.kind === 'city' ? freshCities : freshProvinces;
      const name = pick(
        random,
        pool.filter((n) => n !== p.place.name),
      );
      return { ...p, place: { kind: p.place.kind, name }, layout: 'prefix' };
    }
    case 'fresh-longer':
      return { ...p, tradeName: `${p.tradeName}${[...fresh()][0]}` };
    case 'fresh-unknown':
      return freshCompany(random, fresh());
  }
}

/** Trade names nobody has yet (not a decoy's, not another target's). */
function freshNames(random: Random, taken: Set<string>): () => string {
  return () => {
    let name = freshTradeName(random);
    while (taken.has(name)) name = freshTradeName(random);
    taken.add(name);
    return name;
  };
}

/** `perClass` queries per variant and look-alike class; the customers are the targets. */
export function buildFreshCheckSet(seed: number, perClass: number, taken: Set<string>): EvalSet {
  const random = seededRandom(seed);
  const fresh = freshNames(random, taken);
  const customers: EvalSet['customers'] = [];
  const queries: EvalQuery[] = [];
  for (const cls of freshSameClasses) {
    for (let n = 0; n < perClass;) {
      const target = freshCompany(random, fresh());
      const query = sameVariant(cls, target, random);
      if (query) {
        queries.push({ cls, name: query, target: customers.push({ name: compose(target) }) - 1 });
        n++;
      }
    }
  }
  for (const cls of freshLookAlikeClasses) {
    for (let n = 0; n < perClass;) {
      const existing = freshCompany(random, fresh());
      const other = lookAlike(cls, existing, random, fresh);
      if (other && (cls !== 'fresh-longer' || !taken.has(other.tradeName))) {
        taken.add(other.tradeName);
        customers.push({ name: compose(existing) });
        queries.push({ cls: `≠ ${cls}`, name: compose(other), target: null });
        n++;
      }
    }
  }
  return { customers, queries };
}

/** An import file against `existingCount` customers: new companies, look-alikes, and duplicates. */
export function buildFreshImportSet(seed: number, existingCount: number, rows: number, taken: Set<string>) {
  const random = seededRandom(seed);
  const fresh = freshNames(random, taken);
  const existing = Array.from({ length: existingCount }, () => freshCompany(random, fresh()));
  const earlier: FreshParts[] = [];
  const out: ImportEvalRow[] = [];
  const names = new Set(existing.map((e) => e.tradeName));
  const dupClasses = freshSameClasses.filter((c) => c !== 'fresh-brand-only');
  while (out.length < rows) {
    const draw = random();
    if (draw < 0.45 || earlier.length === 0) {
      const company = freshCompany(random, fresh());
      earlier.push(company);
      out.push({ name: compose(company), truth: 'new', cls: 'new' });
    } else if (draw < 0.7) {
      const cls = pick(random, freshLookAlikeClasses.slice(0, 3));
      const other = lookAlike(cls, pick(random, draw < 0.6 ? existing : earlier), random, fresh);
      // A longer trade name must be nobody's: then it is a new company.
      if (other && (cls !== 'fresh-longer' || !names.has(other.tradeName))) {
        names.add(other.tradeName);
        out.push({ name: compose(other), truth: 'new', cls: `≠ ${cls}` });
      }
    } else {
      const cls = pick(random, dupClasses);
      const fromExisting = draw < 0.85;
      const query = sameVariant(cls, pick(random, fromExisting ? existing : earlier), random);
      if (query) out.push({ name: query, truth: 'dup', cls: `${fromExisting ? 'existing' : 'earlier'} ${cls}` });
    }
  }
  return { existing: existing.map((e) => ({ name: compose(e) })), rows: out } satisfies ImportEvalSet;
}
