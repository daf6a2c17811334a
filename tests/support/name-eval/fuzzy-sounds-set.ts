import { zh_CN } from '@faker-js/faker';
import { pinyin } from 'pinyin-pro';
import { pick, seededRandom, type Random } from '../company-generator.js';
import type { EvalQuery, EvalSet } from './eval-set.js';
import { freshCities, freshForms, freshHomophone, freshIndustries, freshTradeName } from './fresh-vocabulary.js';

// Trade names typed with a pinyin input method's fuzzy sounds (模糊音) on: a rep who does not tell zh from z
// or in from ing picks 智轩 for 志宣. The pairs are the ones input methods offer in their settings; the
// characters are faker's zh_CN names (fresh-vocabulary.ts), read by pinyin-pro — not the rules' code.
// - fuzzy-one: one character of the trade name replaced by one read alike under one fuzzy pair (the same company);
// - fuzzy-two: two characters of a four-character trade name replaced so (the same company);
// - ≠ fuzzy-alike: another company in the same city and trade whose name reads alike under a fuzzy pair:
//   listed at most, never "same";
// - ≠ short-homophone: another company in the same city and trade whose two-character name reads exactly alike
//   (宏达 / 鸿达): never "same" either.

const initials: [string, string][] = [
  ['zh', 'z'],
  ['ch', 'c'],
  ['sh', 's'],
  ['n', 'l'],
  ['r', 'l'],
  ['h', 'f'],
];
const finals: [string, string][] = [
  ['ang', 'an'],
  ['eng', 'en'],
  ['ing', 'in'],
  ['iang', 'ian'],
  ['uang', 'uan'],
];

const reading = (c: string) => pinyin(c, { toneType: 'none' });
const person = zh_CN.person! as { first_name: { generic: string[] }; last_name: { generic: string[] } };
const characters = [...new Set([...person.first_name.generic.join(''), ...person.last_name.generic.join('')])];
const byReading = new Map<string, string[]>();
for (const c of characters) byReading.set(reading(c), [...(byReading.get(reading(c)) ?? []), c]);

/** The readings one fuzzy pair away from a syllable (zhi → zi, xin → xing, hua → fua is not a syllable). */
function fuzzyNeighbours(syllable: string): string[] {
  const out: string[] = [];
  for (const [a, b] of initials) {
    // zh/ch/sh before their one-letter forms, so that zhi is not read as z + hi.
    if (syllable.startsWith(a) && !(a.length === 1 && /^[zcs]h/.test(syllable))) out.push(b + syllable.slice(a.length));
    else if (syllable.startsWith(b) && !/^[zcs]h/.test(syllable)) out.push(a + syllable.slice(b.length));
  }
  for (const [a, b] of finals) {
    if (syllable.endsWith(a)) out.push(syllable.slice(0, -a.length) + b);
    else if (syllable.endsWith(b) && !syllable.endsWith(`${b}g`)) out.push(syllable.slice(0, -b.length) + a);
  }
  return out.filter((s) => byReading.has(s));
}

/** `count` characters of a name replaced by ones a fuzzy pair away, or null when faker has none. */
function fuzzyTypo(random: Random, name: string, count: number): string | null {
  const chars = [...name];
  const order = chars.map((_, i) => i).sort(() => random() - 0.5);
  let changed = 0;
  for (const at of order) {
    const alike = fuzzyNeighbours(reading(chars[at]!)).flatMap((s) => byReading.get(s) ?? []);
    if (alike.length > 0 && changed < count) {
      chars[at] = pick(random, alike);
      changed++;
    }
  }
  return changed === count ? chars.join('') : null;
}

export const fuzzySoundClasses = ['fuzzy-one', 'fuzzy-two'] as const;

/** Draws of the trade-name generator without an untaken name of the wanted length, before it counts as used up. */
const MAX_DRAWS = 200_000;

/** `perClass` queries per class; the customers are the targets and the look-alikes' companies. */
export function buildFuzzySoundSet(seed: number, perClass: number, taken: Set<string>): EvalSet {
  const random = seededRandom(seed);
  // A trade name no other set took, of `length` characters when given; null once the vocabulary has none left
  // (the bench's 50,000 decoys take most of its 108 two-character names), which ends that class early.
  const trade = (length?: number): string | null => {
    for (let draws = 0; draws < MAX_DRAWS; draws++) {
      const name = freshTradeName(random);
      if (!taken.has(name) && (length === undefined || [...name].length === length)) {
        taken.add(name);
        return name;
      }
    }
    return null;
  };
  const customers: EvalSet['customers'] = [];
  const queries: EvalQuery[] = [];
  const company = (name: string, city: string, tail: string) => `${city}${name}${tail}`;
  for (const cls of fuzzySoundClasses) {
    for (let n = 0; n < perClass;) {
      const name = cls === 'fuzzy-two' ? trade(4) : trade();
      if (name === null) break;
      const typo = fuzzyTypo(random, name, cls === 'fuzzy-two' ? 2 : 1);
      if (!typo || taken.has(typo)) continue;
      const city = pick(random, freshCities);
      const tail = `${pick(random, freshIndustries)}${pick(random, freshForms)}`;
      const target = customers.push({ name: company(name, city, tail) }) - 1;
      queries.push({ cls, name: company(typo, city, tail), target });
      n++;
    }
  }
  /** `count` companies in the queries' city and trade, each beside another whose name `alike` gives. */
  const lookAlikes = (
    cls: string,
    count: number,
    name: () => string | null,
    alike: (name: string) => string | null,
  ) => {
    for (let n = 0; n < count;) {
      const here = name();
      if (here === null) break;
      const other = alike(here);
      if (!other || taken.has(other)) continue;
      taken.add(other);
      const city = pick(random, freshCities);
      const industry = pick(random, freshIndustries);
      customers.push({ name: company(here, city, `${industry}${pick(random, freshForms)}`) });
      queries.push({ cls, name: company(other, city, `${industry}${pick(random, freshForms)}`), target: null });
      n++;
    }
  };
  // Two-character trade names read exactly alike (宏达 / 鸿达) in one city and trade: as often two companies.
  lookAlikes(
    '≠ short-homophone',
    perClass,
    () => trade(2),
    (name) => freshHomophone(random, name),
  );
  lookAlikes(
    '≠ fuzzy-alike',
    perClass * 2,
    () => trade(),
    (name) => fuzzyTypo(random, name, 1),
  );
  return { customers, queries };
}
