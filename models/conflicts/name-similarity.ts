import type { CompanyName, CoreReading } from './keys/company-name.js';
import { industriesCompatible, industriesNear } from './keys/industry-words.js';
import { fuzzySoundOf, soundOf } from './keys/pronunciation.js';
import { hasRegion, regionsCompatible } from './keys/regions.js';
import { editDistance, editsAtMost, spellingOf, type Spelling } from './spelling.js';

// How alike two company names are, and what kind of likeness it is. The kind matters as much as the
// number: one mistyped character in a four-character core (宏达 / 鸿达) is as likely another company
// as a typo, while two swapped characters rarely are.

export type NameLikeness =
  /** Identical after normalisation. */
  | 'exact'
  /** The same core name (字号) with compatible regions. */
  | 'core'
  /** The same core name registered in different regions: the same brand, possibly another entity. */
  | 'core-elsewhere'
  /** The same core name in the same place in another line of business: a sister company. */
  | 'sister'
  /** The same core name in the same place, one industry possibly a shortening of the other: a doubt. */
  | 'core-near'
  /** Read the same in pinyin (a typo through the input method). */
  | 'sound'
  /** One core name contains the other (百度 / 百度网讯). */
  | 'brand'
  /** Edit distance: typos, swapped or missing characters. */
  | 'similar';

export interface NameComparison {
  likeness: NameLikeness;
  /** 0–1. */
  similarity: number;
  /** Whether this likeness alone makes the two the same entity. */
  sameEntity: boolean;
  /** Same on the trade name itself with region or industry agreeing on both sides (not by absence). */
  confident: boolean;
  /** Same only through a typo (sound, one character substituted or swapped). */
  typo: boolean;
  /** Region and industry compatible (equal, a short form, or absent on one side) in the compared reading. */
  compatible: boolean;
  /** 0–1: region, industry and legal form agreeing, to rank equally similar names. */
  context: number;
}

/** Similarity below which two names are not reported at all. */
export const MIN_SIMILARITY = 0.6;

/**
 * Similarity of a query's core name to a candidate's, and its kind, without context. Containment is
 * asymmetric: a short query inside a longer name is how people search by brand (百度 → 百度网讯),
 * while a longer query containing a short name has characters the name lacks, which is weaker.
 */
export function coreSimilarity(
  query: string,
  candidate: string,
): { similarity: number; likeness: 'core' | 'brand' | 'similar' } {
  return spelledSimilarity(query, spellingOf(query), candidate, spellingOf(candidate));
}

/** coreSimilarity of two core names whose spellings the caller holds (a ranking of many candidates). */
export function spelledSimilarity(
  query: string,
  qs: Spelling,
  candidate: string,
  cs: Spelling,
): { similarity: number; likeness: 'core' | 'brand' | 'similar' } {
  if (query === candidate) {
    return { similarity: 1, likeness: 'core' };
  }
  const brand = brandSimilarity(query, qs, candidate, cs);
  const edit = editSimilarity(qs, cs);
  return brand >= edit ? { similarity: brand, likeness: 'brand' } : { similarity: edit, likeness: 'similar' };
}

/** spelledSimilarity's similarity alone, answered without building its result (a ranking of hundreds). */
export function spelledSimilarityValue(query: string, qs: Spelling, candidate: string, cs: Spelling): number {
  return query === candidate ? 1 : Math.max(brandSimilarity(query, qs, candidate, cs), editSimilarity(qs, cs));
}

/** How much one core name containing the other makes them alike (0: neither contains the other). */
function brandSimilarity(query: string, qs: Spelling, candidate: string, cs: Spelling): number {
  const shorter = Math.min(qs.codes.length, cs.codes.length);
  const longer = Math.max(qs.codes.length, cs.codes.length);
  if (shorter >= 2 && qs.codes.length <= cs.codes.length && candidate.includes(query)) {
    return 0.6 + 0.3 * (shorter / longer) + (candidate.startsWith(query) ? 0.05 : 0);
  }
  if (shorter >= 2 && query.includes(candidate)) {
    return 0.5 + 0.3 * (shorter / longer) + (query.startsWith(candidate) ? 0.05 : 0);
  }
  return 0;
}

/** How alike the spellings are by edit distance. */
function editSimilarity(qs: Spelling, cs: Spelling): number {
  const q = qs.codes;
  const c = cs.codes;
  const longer = Math.max(q.length, c.length);
  // 测试客户12 and 测试客户13, 第一建筑 and 第二建筑: different numbers are different companies.
  if (qs.digits !== cs.digits) {
    // Capped at MIN_SIMILARITY: when few enough edits surely reach it, the cap is the answer.
    return 1 - editsAtMost(q, c) / longer >= MIN_SIMILARITY
      ? MIN_SIMILARITY
      : Math.min(1 - editDistance(q, c) / longer, MIN_SIMILARITY);
  }
  return 1 - editDistance(q, c) / longer;
}

function contextOf(q: CompanyName, c: CompanyName, qr: CoreReading, cr: CoreReading): number {
  const region = hasRegion(qr) && hasRegion(cr) && qr.province === cr.province && qr.city === cr.city ? 1 : 0;
  const industry = q.industry !== '' && q.industry === c.industry ? 1 : 0;
  const legal = q.legalForm !== '' && q.legalForm === c.legalForm ? 1 : 0;
  return (region * 2 + industry * 2 + legal) / 5;
}

const comparison = (likeness: NameLikeness, similarity: number, sameEntity = false, typo = false): NameComparison => ({
  likeness,
  similarity,
  sameEntity,
  confident: false,
  typo,
  compatible: false,
  context: 0,
});

/**
 * One pair of readings. The same trade name is the same entity when region and industry are
 * compatible (equal, a short form, or absent on one side); in the same place in another industry it
 * is a sister company, elsewhere the same brand. A typo of a trade name of three or more characters
 * (read the same, or one character substituted or swapped) counts only with both compatible.
 */
function compareReadings(q: CompanyName, c: CompanyName, qr: CoreReading, cr: CoreReading): NameComparison {
  const regionOk = regionsCompatible(qr, cr);
  const industryOk = industriesCompatible(q.industry, c.industry);
  const core = coreSimilarity(qr.core, cr.core);
  if (core.likeness === 'core') {
    if (!regionOk) {
      return comparison('core-elsewhere', 0.72);
    }
    if (!industryOk) {
      return industriesNear(q.industry, c.industry) ? comparison('core-near', 0.8) : comparison('sister', 0.76);
    }
    const result = comparison('core', 0.95, true);
    const both = (hasRegion(qr) && hasRegion(cr)) || (q.industry !== '' && c.industry !== '');
    result.confident = both;
    return result;
  }
  const qc = spellingOf(qr.core);
  const cc = spellingOf(cr.core);
  const long = Math.min(qc.chars.length, cc.chars.length) >= 3;
  const coreSounds = soundOf(qr.core) === soundOf(cr.core);
  // 中兴通迅 / 中兴通讯: the typo hid the industry word, so the names sound alike only as a whole.
  const bodySounds =
    q.body !== c.body &&
    qc.chars.length !== cc.chars.length &&
    spellingOf(q.body).chars.length >= 4 &&
    soundOf(q.body) === soundOf(c.body);
  // 上还汽车 / 上海汽车, 众国石油 / 中国石油: a typo in the region word hid it, so one side's whole name sounds like
  // the other's unstripped reading.
  const wholeSounds = (body: string, core: string) =>
    body !== core && spellingOf(body).chars.length >= 4 && soundOf(body) === soundOf(core);
  if ((coreSounds && long) || bodySounds || wholeSounds(q.body, cr.core) || wholeSounds(c.body, qr.core)) {
    return comparison('sound', 0.9, regionOk && industryOk, true);
  }
  if (coreSounds) {
    // Two characters read alike (宏达 / 鸿达) are as often two companies as one: worth showing only.
    return comparison('sound', regionOk && industryOk ? 0.7 : 0.62, false, true);
  }
  // 测试客户12 / 测试客户13, 第一建筑 / 第二建筑: different numbers are different companies.
  const oneEdit =
    long && qc.chars.length === cc.chars.length && qc.digits === cc.digits && editDistance(qc.codes, cc.codes) <= 1;
  if (core.likeness === 'similar' && oneEdit) {
    // A swap is a slip. A substituted character that does not read alike is as often another company of the same
    // place and trade (深圳锦程电力 / 深圳靖程电力): worth showing, never enough to refuse creating it.
    const swapped = [...qc.chars].sort().join('') === [...cc.chars].sort().join('');
    return comparison('similar', Math.max(core.similarity, 0.8), regionOk && industryOk && swapped, true);
  }
  // 志宣 / 智轩 typed with fuzzy sounds on (zh/z, an/ang …), in the same place and trade: worth showing only.
  if (regionOk && industryOk && fuzzySoundOf(qr.core) === fuzzySoundOf(cr.core)) {
    return comparison('sound', Math.max(core.similarity, long ? 0.75 : 0.66), false, true);
  }
  return comparison(core.likeness, core.similarity);
}

/** Compares two parsed names over every pair of readings and keeps the best. */
export function compareNames(q: CompanyName, c: CompanyName): NameComparison | null {
  if (!q.normalized || !c.normalized) {
    return null;
  }
  if (q.normalized === c.normalized) {
    return {
      likeness: 'exact',
      similarity: 1,
      sameEntity: true,
      confident: true,
      typo: false,
      compatible: true,
      context: 1,
    };
  }
  // Both names place themselves: the trade names after the place words are what a typo is judged on. Read with
  // the place word kept in the name, 上海宏达 / 上海鸿达 is a long homophone, but 宏达 / 鸿达 is two characters read
  // alike, as often two companies as one; 山西华信 / 陕西华信 (苏州 / 宿州) are one typo apart only in the place.
  // Only a name whose place word the typo hid (上还汽车) needs the reading with the place kept to be "same".
  const [qp, cp] = [q.readings[0], c.readings[0]];
  const bothPlaced = !!qp && !!cp && hasRegion(qp) && hasRegion(cp);
  let best: NameComparison | null = null;
  for (const [qi, qr] of q.readings.entries()) {
    for (const [ci, cr] of c.readings.entries()) {
      if (spellingOf(qr.core).chars.length < 2 || spellingOf(cr.core).chars.length < 2) {
        continue;
      }
      const result = compareReadings(q, c, qr, cr);
      // Readings that keep a region word in the core are less likely; prefer the primary ones.
      result.similarity -= (qi + ci) * 0.1;
      result.context = contextOf(q, c, qr, cr);
      result.compatible = regionsCompatible(qr, cr) && industriesCompatible(q.industry, c.industry);
      if (bothPlaced && result.typo && qi + ci > 0) {
        result.sameEntity = false;
      }
      if (!best || rank(result) > rank(best)) {
        best = result;
      }
    }
  }
  return best && best.similarity >= MIN_SIMILARITY ? best : null;
}

function rank(c: NameComparison): number {
  return (c.sameEntity ? 1 : 0) + c.similarity + c.context * 0.01;
}
