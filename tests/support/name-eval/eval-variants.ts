import { pick, type Random } from '../company-generator.js';
import {
  bracketPlace,
  compose,
  evalCompany,
  homophoneTypo,
  regionWords,
  substituteOne,
  swapNeighbours,
  withSpaces,
  type EvalCompany,
  type RegionLayout,
} from './eval-generator.js';
import { evalForms, evalIndustries, evalPlaces } from './eval-vocabulary.js';
import type { RealCompany } from './real-companies.js';

// Ways of writing the SAME company (variants) and DIFFERENT companies that look alike. Each returns
// null when it does not apply to the company (no short form of its industry, a two-character name…).

export const sameClasses = [
  'short-industry',
  'short-form',
  'region-dropped',
  'region-bracket',
  'region-level',
  'homophone',
  'swap',
  'substitution',
  'brand-only',
  'brand-suffix',
  'spaces',
  'branch',
] as const;
export type SameClass = (typeof sameClasses)[number];

export const realClasses = [
  'real-exact',
  'real-brand-only',
  'real-brand-suffix',
  'real-homophone',
  'real-spaces',
  'real-region-dropped',
] as const;
export type RealClass = (typeof realClasses)[number];

export const lookAlikeClasses = [
  'sister-industry',
  'brand-longer',
  'brand-shorter',
  'same-region-industry',
  'other-province',
  'unknown',
] as const;
export type LookAlikeClass = (typeof lookAlikeClasses)[number];

const regionLayouts: RegionLayout[] = ['province-city', 'city', 'district', 'full'];

export function sameVariant(cls: SameClass, t: EvalCompany, random: Random): string | null {
  const p = t.parts;
  const industry = evalIndustries[p.industry]!;
  const form = evalForms[p.form]!;
  const long = [...p.tradeName].length >= 3;
  switch (cls) {
    case 'short-industry':
      return industry.short.length ? compose(p, { industry: pick(random, industry.short) }) : null;
    case 'short-form':
      return compose(p, { form: pick(random, form.short) });
    case 'region-dropped':
      return p.layout === 'none' ? null : compose({ ...p, layout: 'none' });
    case 'region-bracket':
      return p.layout === 'bracket' ? null : compose({ ...p, layout: 'bracket' });
    case 'region-level': {
      const other = regionLayouts.filter(
        (l) => l !== p.layout && regionWords(p.place, l) !== regionWords(p.place, p.layout),
      );
      return regionLayouts.includes(p.layout) && other.length ? compose({ ...p, layout: pick(random, other) }) : null;
    }
    case 'homophone': {
      const typo = homophoneTypo(random, p.tradeName);
      return typo ? compose({ ...p, tradeName: typo }) : null;
    }
    case 'swap':
      return long ? compose({ ...p, tradeName: swapNeighbours(random, p.tradeName) }) : null;
    case 'substitution':
      return [...p.tradeName].length >= 4 ? compose({ ...p, tradeName: substituteOne(random, p.tradeName) }) : null;
    case 'brand-only':
      return p.tradeName;
    case 'brand-suffix':
      return `${p.tradeName}${pick(random, ['公司', '科技', '集团', '有限公司'])}`;
    case 'spaces':
      return withSpaces(random, p);
    case 'branch': {
      const city = pick(
        random,
        evalPlaces.filter((q) => q[1] && q[1] !== p.place[1]),
      )[1];
      return random() < 0.5 ? `${t.name}${city}分公司` : `${p.tradeName}${city}分公司`;
    }
  }
}

export function realVariant(cls: RealClass, r: RealCompany, random: Random): string | null {
  switch (cls) {
    case 'real-exact':
      return r.name;
    case 'real-brand-only':
      return r.tradeName;
    case 'real-brand-suffix':
      return `${r.tradeName}${pick(random, ['公司', '集团', '有限公司'])}`;
    case 'real-homophone': {
      const typo = [...r.tradeName].length >= 3 ? homophoneTypo(random, r.tradeName) : null;
      return typo ? r.name.replace(r.tradeName, typo) : null;
    }
    case 'real-spaces': {
      const chars = [...r.tradeName];
      const at = Math.max(1, Math.floor(chars.length / 2));
      const spaced = `${chars.slice(0, at).join('')} ${chars.slice(at).join('')}`;
      return r.name.replace(r.tradeName, spaced).replace(/(有限|股份)/, ' $1');
    }
    case 'real-region-dropped':
      return r.region && r.name.startsWith(r.region) ? r.name.slice(r.region.length) : null;
  }
}

/** A different company that looks like `t`, or null; fresh() gives a trade name nobody has. */
export function lookAlike(
  cls: LookAlikeClass,
  t: EvalCompany,
  random: Random,
  fresh: () => string,
): EvalCompany | null {
  const p = t.parts;
  const otherIndustry = () => {
    // Another line of business: not the same phrase and not one of its short forms.
    const mine = evalIndustries[p.industry]!;
    let i = Math.floor(random() * evalIndustries.length);
    while (
      i === p.industry ||
      mine.full.includes(evalIndustries[i]!.full) ||
      evalIndustries[i]!.full.includes(mine.full)
    ) {
      i = Math.floor(random() * evalIndustries.length);
    }
    return i;
  };
  switch (cls) {
    case 'sister-industry':
      return evalCompany(random, p.tradeName, { place: p.place, industry: otherIndustry() });
    case 'brand-longer':
      return evalCompany(random, `${p.tradeName}${[...fresh()][0]}`, { place: p.place });
    case 'brand-shorter':
      return [...p.tradeName].length < 3
        ? null
        : evalCompany(random, [...p.tradeName].slice(0, -1).join(''), { place: p.place });
    case 'same-region-industry':
      return evalCompany(random, fresh(), { place: p.place, industry: p.industry, layout: p.layout });
    case 'other-province': {
      // Without a region of its own the target is compatible with every region: not a look-alike.
      if (p.layout === 'none') {
        return null;
      }
      const place = pick(
        random,
        evalPlaces.filter((q) => q[0] !== p.place[0]),
      );
      const layout = p.layout === 'bracket' ? 'city' : p.layout;
      return evalCompany(random, p.tradeName, { place, industry: p.industry, layout, form: p.form });
    }
    case 'unknown':
      return evalCompany(random, fresh());
  }
}

export { bracketPlace };
