import { pinyin } from 'pinyin-pro';

// How a trade name sounds, for typos made through a pinyin input method (字节条动 for 字节跳动,
// 比亚笛 for 比亚迪): toneless pinyin of each character, joined. Latin letters and digits stay.

const sounds = new Map<string, string>();
const fuzzySounds = new Map<string, string>();

/** One entry of a bounded memo: names are compared far more often than there are names. */
function memo(cache: Map<string, string>, text: string, compute: (text: string) => string): string {
  let value = cache.get(text);
  if (value === undefined) {
    if (cache.size > 50_000) {
      cache.clear();
    }
    value = compute(text);
    cache.set(text, value);
  }
  return value;
}

const syllablesOf = (text: string): string[] => pinyin(text, { toneType: 'none', type: 'array' });

/** Toneless pinyin of a text, e.g. 中兴通讯 → zhongxingtongxun. */
export function soundOf(text: string): string {
  return memo(sounds, text, (t) => syllablesOf(t).join(''));
}

// The fuzzy sounds (模糊音) a pinyin input method offers to those who do not tell them apart, as the common
// IMEs list them: z/zh, c/ch, s/sh, n/l, r/l, f/h initials; an/ang, en/eng, in/ing, ian/iang, uan/uang finals.
const fuzzyInitial: [RegExp, string][] = [
  [/^zh/, 'z'],
  [/^ch/, 'c'],
  [/^sh/, 's'],
  [/^[nr]/, 'l'],
  [/^h/, 'f'],
];
const fuzzyFinal = /([aei])ng$/;

function fuzzySyllable(syllable: string): string {
  let out = syllable;
  for (const [from, to] of fuzzyInitial) {
    if (from.test(out)) {
      out = out.replace(from, to);
      break;
    }
  }
  return out.replace(fuzzyFinal, '$1n');
}

/** How a text sounds to an input method with every fuzzy sound on: 志宣 and 智轩 alike, 黎星 and 尼辛 alike. */
export function fuzzySoundOf(text: string): string {
  return memo(fuzzySounds, text, (t) => syllablesOf(t).map(fuzzySyllable).join(''));
}
