import { pinyin } from 'pinyin-pro';
import { creditCodeCheckCharacter } from '../../../models/conflicts/keys/credit-code.js';
import { pick, type Random } from '../company-generator.js';
import {
  evalForms,
  evalGiven,
  evalIndustries,
  evalPlaces,
  evalSurnames,
  homophonePool,
  provinceFullNames,
  tradeNameChars,
} from './eval-vocabulary.js';

// Companies composed from the four legal parts (行政区划 + 字号 + 行业 + 组织形式) with the
// evaluation's own vocabularies, and the ways people write the same company differently.

export type RegionLayout = 'province-city' | 'city' | 'district' | 'full' | 'bracket' | 'none';

export interface EvalParts {
  place: readonly [string, string, string];
  tradeName: string;
  industry: number;
  form: number;
  layout: RegionLayout;
}

export interface EvalCompany {
  parts: EvalParts;
  name: string;
  creditCode: string;
  phone: string;
  boss: string;
}

export function regionWords(place: EvalParts['place'], layout: RegionLayout): string {
  const [province, city, district] = place;
  const provinceText = provinceFullNames[province] ?? `${province}省`;
  const cityText = city ? `${city}市` : '';
  switch (layout) {
    case 'province-city':
      return city ? `${provinceText}${cityText}` : provinceText;
    case 'city':
      return city ? cityText : provinceText;
    case 'district':
      return district || cityText || provinceText;
    case 'full':
      return `${city ? provinceText : provinceText}${cityText}${district}`;
    default:
      return '';
  }
}

/** The shortest name of the place for brackets: the city, else the municipality. */
export const bracketPlace = (place: EvalParts['place']) => place[1] || place[0];

export function compose(p: EvalParts, over: { industry?: string; form?: string } = {}): string {
  const industry = over.industry ?? evalIndustries[p.industry]!.full;
  const form = over.form ?? evalForms[p.form]!.full;
  if (p.layout === 'bracket') {
    return `${p.tradeName}（${bracketPlace(p.place)}）${industry}${form}`;
  }
  return `${regionWords(p.place, p.layout)}${p.tradeName}${industry}${form}`;
}

export function tradeName(random: Random, length = 0): string {
  const n = length || (random() < 0.3 ? 2 : random() < 0.7 ? 3 : 4);
  let name = '';
  while ([...name].length < n) {
    const c = pick(random, tradeNameChars);
    name += name.includes(c) ? '' : c;
  }
  return name;
}

function code(random: Random): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = `91${String(110000 + Math.floor(random() * 540000))}`;
  while (body.length < 17) body += pick(random, [...alphabet]);
  return body + creditCodeCheckCharacter(body);
}

const layouts: RegionLayout[] = ['province-city', 'city', 'city', 'city', 'district', 'full', 'bracket', 'none'];

/** One company; `name` fixes the trade name (for targets that must be unique). */
export function evalCompany(random: Random, name?: string, over: Partial<EvalParts> = {}): EvalCompany {
  const parts: EvalParts = {
    place: pick(random, evalPlaces),
    tradeName: name ?? tradeName(random),
    industry: Math.floor(random() * evalIndustries.length),
    form: Math.floor(random() * evalForms.length),
    layout: pick(random, layouts),
    ...over,
  };
  return {
    parts,
    name: compose(parts),
    creditCode: code(random),
    phone: `1${pick(random, ['35', '58', '77', '86', '99'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    boss: pick(random, evalSurnames) + pick(random, evalGiven) + pick(random, evalGiven),
  };
}

const toneless = (c: string) => pinyin(c, { toneType: 'none' });
const byPinyin = new Map<string, string[]>();
for (const c of new Set([...homophonePool, ...tradeNameChars])) {
  byPinyin.set(toneless(c), [...(byPinyin.get(toneless(c)) ?? []), c]);
}

/** One character of the text replaced by another read the same way (a pinyin input slip), or null. */
export function homophoneTypo(random: Random, text: string): string | null {
  const chars = [...text];
  const order = chars.map((_, i) => i).sort(() => random() - 0.5);
  for (const at of order) {
    const others = (byPinyin.get(toneless(chars[at]!)) ?? []).filter((c) => c !== chars[at]);
    if (others.length > 0) {
      chars[at] = pick(random, others);
      return chars.join('');
    }
  }
  return null;
}

export function swapNeighbours(random: Random, text: string): string {
  const chars = [...text];
  const at = Math.floor(random() * (chars.length - 1));
  [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
  return chars.join('');
}

export function substituteOne(random: Random, text: string): string {
  const chars = [...text];
  const at = 1 + Math.floor(random() * (chars.length - 1));
  let c = pick(random, homophonePool);
  while (chars.includes(c)) c = pick(random, homophonePool);
  chars[at] = c;
  return chars.join('');
}

/** Spaces where people type them: after the region, inside the trade name, before the form. */
export function withSpaces(random: Random, p: EvalParts): string {
  const region = p.layout === 'bracket' || p.layout === 'none' ? '' : regionWords(p.place, p.layout);
  const chars = [...p.tradeName];
  const split = 1 + Math.floor(random() * (chars.length - 1));
  const brand = random() < 0.5 ? `${chars.slice(0, split).join('')} ${chars.slice(split).join('')}` : p.tradeName;
  return `${region}${region ? ' ' : ''}${brand} ${evalIndustries[p.industry]!.full} ${evalForms[p.form]!.full}`;
}
