import { deflateRawSync } from 'node:zlib';
import { laughterChars } from './lexicon.js';
import { dictionaryWords } from './segmenter.js';

// The shape of a note, before its meaning: padding and gaming leave marks that real writing does not —
// keyboard runs, digit runs, one fragment repeated, emoji and laughter, characters that form no words.

export type PaddingKind = 'keyboard' | 'digits' | 'symbols' | 'emoji' | 'laughter' | 'repetition' | 'garbled';

export interface TextShape {
  /** Each kind of padding found, with the text that shows it. */
  padding: { kind: PaddingKind; sample: string }[];
  /** Share of the Chinese characters that belong to dictionary words of two or more characters. */
  wordCoverage: number;
  /** Compressed size over raw size (low when the note repeats itself). */
  compressibility: number;
}

const VOWELS = /[aeiouy]/g;
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qazwsxedcrfvtgbyhnujmikolp'];

function keyboardAdjacency(word: string): number {
  let adjacent = 0;
  for (let i = 1; i < word.length; i++) {
    const pair = word.slice(i - 1, i + 1);
    const reversed = [...pair].reverse().join('');
    if (KEYBOARD_ROWS.some((row) => row.includes(pair) || row.includes(reversed))) adjacent++;
  }
  return word.length > 1 ? adjacent / (word.length - 1) : 0;
}

/** A Latin run no one would write on purpose: keyboard rows, no vowels, long consonant clusters, a repeated bit. */
export function isMash(run: string): boolean {
  const word = run.toLowerCase();
  if (word.length < 4) return false;
  if (/^(.{1,3})\1+$/.test(word)) return true;
  const vowels = (word.match(VOWELS) ?? []).length / word.length;
  const longestConsonants = Math.max(...word.split(/[aeiouy]/).map((part) => part.length));
  if (word.length >= 6 && (vowels < 0.2 || longestConsonants >= 5)) return true;
  if (word.length >= 8 && longestConsonants >= 4) return true;
  return word.length >= 5 && keyboardAdjacency(word) >= 0.75;
}

function keyboardPadding(text: string): string | null {
  const runs = text.match(/[a-z]{4,}/gi) ?? [];
  return runs.find(isMash) ?? null;
}

function digitPadding(text: string): string | null {
  for (const run of text.match(/\d{5,}/g) ?? []) {
    const phone = /^(1[3-9]\d{9}|0\d{9,11})$/.test(run);
    const date = /^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(run);
    if (/(\d)\1{4,}/.test(run) || (run.length >= 7 && !phone && !date) || '01234567890'.includes(run)) return run;
  }
  return null;
}

function repeatedFragment(compact: string): string | null {
  // A fragment of 2+ characters three times in a row, or one character five times ("。。。。。").
  const match = /(.{2,12}?)\1{2,}/u.exec(compact) ?? /(\D)\1{4,}/u.exec(compact);
  if (!match) return null;
  const whole = match[0];
  // Short runs inside a long note are allowed ("好好好"); a run that is a big share of the note is not.
  return whole.length >= 6 || whole.length >= compact.length * 0.3 ? whole : null;
}

const EMOJI = /\p{Extended_Pictographic}|\[[\u4e00-\u9fa5a-z]{1,4}\]/giu;

function emojiPadding(text: string): string | null {
  const found = text.match(EMOJI) ?? [];
  return found.length >= 3 ? found.slice(0, 3).join('') : null;
}

function laughterPadding(compact: string): string | null {
  const run = new RegExp(`[${laughterChars}]{3,}`, 'u').exec(compact);
  return run ? run[0] : null;
}

function symbolPadding(text: string): string | null {
  const run = /([^\p{L}\p{N}\s])\1{3,}|[^\p{L}\p{N}\s]{6,}/u.exec(text);
  return run ? run[0] : null;
}

/** Share of Chinese characters inside dictionary words of 2+ characters (shuffled text falls apart). */
function dictionaryCoverage(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han === 0) return 1;
  const inWords = dictionaryWords(text)
    .filter((w) => w.length >= 2 && /^\p{Script=Han}+$/u.test(w))
    .reduce((sum, w) => sum + w.length, 0);
  return inWords / han;
}

export function textShape(text: string, compact: string): TextShape {
  const padding: TextShape['padding'] = [];
  const add = (kind: PaddingKind, sample: string | null) => {
    if (sample) padding.push({ kind, sample });
  };
  add('keyboard', keyboardPadding(text));
  add('digits', digitPadding(text));
  add('emoji', emojiPadding(text));
  add('laughter', laughterPadding(compact));
  add('symbols', symbolPadding(text));
  add('repetition', repeatedFragment(compact));
  const wordCoverage = dictionaryCoverage(text);
  const han = compact.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han >= 10 && wordCoverage < 0.3) add('garbled', compact.slice(0, 12));
  const raw = Buffer.byteLength(compact);
  const compressibility = raw > 0 ? deflateRawSync(compact).length / raw : 1;
  return { padding, wordCoverage, compressibility };
}
