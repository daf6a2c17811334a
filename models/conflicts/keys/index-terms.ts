import { parseCompanyName, type CompanyName } from './company-name.js';
import { personKeys } from './customer-keys.js';
import { fuzzySoundOf, soundOf } from './pronunciation.js';

// The terms under which a customer is found: n-grams of its core names for fuzzy matching, and exact
// keys for its core names, phones, e-mail domains and people.

/** What the index needs of a customer; stored customers and check queries both provide it. */
export interface IdentitySource {
  name?: string | null;
  phones?: readonly string[] | null;
  emailDomains?: readonly string[] | null;
  boss?: string | null;
  legalRepresentative?: string | null;
}

export interface IndexTerms {
  /** The primary core name, stored with each gram entry. */
  core: string;
  /** g:<pair> for neighbours and characters one apart, over every reading of the core name. */
  grams: string[];
  /** k:<core>, y:<pinyin of core or body>, p:<phone>, e:<domain>, b:<person>. */
  exact: string[];
}

/**
 * Bigrams, plus pairs of characters one apart ("skip-grams"): a swapped or mistyped character breaks
 * two bigrams but leaves a skip-gram, which is what lets a typo still find its customer.
 */
export function coreGrams(core: string): string[] {
  const chars = [...core];
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    grams.push(`g:${chars[i]}${chars[i + 1]}`);
    if (i + 2 < chars.length) {
      grams.push(`g:${chars[i]}${chars[i + 2]}`);
    }
  }
  return grams;
}

/**
 * Grams and exact core keys of a name. A customer is indexed under the grams of its most likely
 * reading only; a query looks under the grams of all its readings, which covers the same pairs of
 * readings at half the index size.
 */
export function nameTerms(
  name: CompanyName,
  gramsOf: 'primary' | 'all',
): { grams: string[]; cores: string[]; sounds: string[] } {
  const cores = coresOf(name);
  const gramCores = gramsOf === 'all' ? cores : cores.slice(0, 1);
  // How every reading of the trade name and the whole body sound: a homophone typo shares no character pair, and
  // one in a region word (上还汽车 for 上海汽车) reads as no region, so only the unstripped reading sounds like it.
  // Keyed by the fuzzy sound (志宣 / 智轩), which every exact homophone shares too; the comparison tells them apart.
  const sounds = soundTerms(name, cores, fuzzySoundOf);
  return { grams: [...new Set(gramCores.flatMap(coreGrams))], cores, sounds };
}

/** The trade-name readings worth a key: two characters or more. */
const coresOf = (name: CompanyName) => name.readings.map((r) => r.core).filter((c) => [...c].length >= 2);

function soundTerms(name: CompanyName, cores: string[], sound: (text: string) => string): string[] {
  return [...new Set([...cores, ...(cores.length ? [name.body] : [])].map((c) => `y:${sound(c)}`))];
}

/**
 * The exact sounds of a name, which indexes written before the fuzzy keys hold: a query also looks them up,
 * so homophones are found in such an index until `reindex-conflicts` has rewritten it.
 */
export function exactSoundTerms(name: CompanyName): string[] {
  return soundTerms(name, coresOf(name), soundOf);
}

export function indexTerms(source: IdentitySource, parsed?: CompanyName): IndexTerms {
  const name = parsed ?? parseCompanyName(source.name ?? '');
  const { grams, cores, sounds } = nameTerms(name, 'primary');
  const exact = [
    ...cores.map((c) => `k:${c}`),
    ...sounds,
    ...(source.phones ?? []).filter(Boolean).map((p) => `p:${p}`),
    ...(source.emailDomains ?? []).filter(Boolean).map((d) => `e:${d}`),
    ...personKeys(source.boss, source.legalRepresentative).map((b) => `b:${b}`),
  ];
  return { core: name.core, grams, exact: [...new Set(exact)] };
}

// A fixed number of buckets for exact keys: enough that a bucket stays small at millions of
// customers (a few dozen entries each), few enough that bulk imports write few documents.
const BUCKETS = 32768;

/** The bucket document holding an exact key (FNV-1a over its UTF-16 code units). */
export function bucketOf(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `h:${(hash % BUCKETS).toString(36)}`;
}
