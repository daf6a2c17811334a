import { pinyin } from 'pinyin-pro';

// How a trade name sounds, for typos made through a pinyin input method (字节条动 for 字节跳动,
// 比亚笛 for 比亚迪): toneless pinyin of each character, joined. Latin letters and digits stay.

const cache = new Map<string, string>();

/** Toneless pinyin of a text, e.g. 中兴通讯 → zhongxingtongxun. */
export function soundOf(text: string): string {
  let sound = cache.get(text);
  if (sound === undefined) {
    if (cache.size > 50_000) {
      cache.clear();
    }
    sound = pinyin(text, { toneType: 'none', type: 'array' }).join('');
    cache.set(text, sound);
  }
  return sound;
}
