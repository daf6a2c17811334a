import { emptyWords, fillerPhrases, signalWords, unitPattern } from './lexicon.js';
import { isMash } from './text-shape.js';
import { dictionaryWords } from './segmenter.js';

// What the note says about the deal. Stock phrases are cut out wherever they stand, then the rest is
// segmented into words; what counts is the meaningful words left and the concrete signals among them:
// amounts with units, counts, needs, objections, decisions, documents sent, commercial terms,
// after-sales facts and where the contact is.

export type SignalKind =
  'amount' | 'need' | 'objection' | 'decision' | 'document' | 'terms' | 'service' | 'availability';

export interface ContentFound {
  /** Stock phrases found anywhere in the note. */
  fillers: string[];
  /** Meaningful words left once filler, the contact, times and function words are gone. */
  contentWords: string[];
  /** Distinct meaningful words over all of them (1 when nothing repeats). */
  uniqueRatio: number;
  signals: { kind: SignalKind; text: string }[];
}

const amount = new RegExp(
  `(?:\\d{1,9}(?:\\.\\d{1,4})?|[一二三四五六七八九十两百千万]{1,4})\\s*${unitPattern}|[一二三四五六七八九十两]级|\\d{1,4}[xX×*]\\d{1,4}`,
  'iu',
);
const signalPatterns = Object.entries(signalWords).map(([kind, list]) => ({
  kind: kind as SignalKind,
  pattern: new RegExp([...list].sort((a, b) => b.length - a.length).join('|'), 'i'),
}));

function cutFiller(text: string): { rest: string; fillers: string[] } {
  let rest = text;
  const fillers: string[] = [];
  for (const phrase of fillerPhrases) {
    if (rest.toLowerCase().includes(phrase)) {
      fillers.push(phrase);
      rest = rest.replace(new RegExp(phrase, 'gi'), '，');
    }
  }
  return { rest, fillers };
}

function meaningful(word: string): boolean {
  if (emptyWords.has(word)) return false;
  if (/^\p{Script=Han}{2,}$/u.test(word)) return true;
  if (/^[A-Za-z][A-Za-z0-9-]{1,}$/.test(word)) return !isMash(word);
  return /\d/.test(word) && /^\d+(\.\d+)?%?$/.test(word) === false && word.length >= 2;
}

/**
 * The content of a note: `strip` lists text already accounted for (the contact's name, the time of
 * the next step), which is not content about the deal.
 */
export function contentOf(text: string, strip: readonly string[]): ContentFound {
  const { rest, fillers } = cutFiller(text);
  let remaining = rest;
  for (const part of strip) {
    if (part) remaining = remaining.split(part).join('，');
  }
  // Dictionary words only: invented words (shuffled or random characters) carry no meaning.
  const contentWords = dictionaryWords(remaining).filter(meaningful);
  const signals: ContentFound['signals'] = [];
  const numbered = amount.exec(remaining);
  if (numbered) signals.push({ kind: 'amount', text: numbered[0] });
  for (const { kind, pattern } of signalPatterns) {
    const found = pattern.exec(remaining);
    if (found) signals.push({ kind, text: found[0] });
  }
  const distinct = new Set(contentWords).size;
  return {
    fillers,
    contentWords,
    uniqueRatio: contentWords.length > 0 ? distinct / contentWords.length : 1,
    signals,
  };
}
