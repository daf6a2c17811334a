import * as OpenCC from 'opencc-js/t2cn';

// Text folding shared by every conflict key: the same company typed on a phone keyboard, pasted from
// a Hong Kong or Taiwan document, or copied with full-width characters must produce the same key.

// Character-level Taiwan/HK → mainland conversion. The phrase-level variant ('twp') also rewrites
// vocabulary (积体 → 集成), which would change a company's registered name, so it is not used.
// (The package's .d.ts imports its siblings without extensions, which NodeNext cannot follow, so
// the converter's type is stated here.)
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' }) as unknown as (text: string) => string;

/** Full-width → half-width (NFKC), traditional → simplified, lower case. Keeps punctuation. */
export function foldText(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** Removes whitespace, punctuation and symbols (including the middle dot of transliterated names). */
export function stripPunctuation(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** A person's name as a key: folded, with spaces and dots removed ("欧阳 娜娜" = "歐陽娜娜"). */
export function normalizePersonName(name: string): string {
  return stripPunctuation(foldText(name));
}
