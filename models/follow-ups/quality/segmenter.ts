import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

// Chinese word segmentation with @node-rs/jieba (jieba-rs compiled to a native addon shipped inside the
// npm package, dictionary included: nothing downloads at install or run time). Loaded once, on first use.

let jieba: Jieba | null = null;

function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Dictionary words only (no guessing of unknown words): unknown names and garbled text fall apart into single characters. */
export function dictionaryWords(text: string): string[] {
  return segmenter().cut(text, false);
}

/** Words with the HMM guessing unknown words (names, new terms) on. */
export function words(text: string): string[] {
  return segmenter().cut(text, true);
}

/** Words with their part-of-speech tags (HMM on): `nr` person names, `x` words the HMM guessed. */
export function taggedWords(text: string): { word: string; tag: string }[] {
  return segmenter().tag(text, true);
}

/** Loads the dictionary now (the server and the bot do this at start, so a rep's first check is not slow). */
export function warmUpSegmenter(): void {
  segmenter().cut('预热', false);
}
