import { pinyin } from 'pinyin-pro';
import { commandWords, stripSeparators, type CommandName } from './parse-command.js';
import { quote } from './reply-format.js';

// Reps type commands on phones with a pinyin keyboard, so a wrong character usually sounds like the
// right one: 茶重 and 查充 for 查重, 我得客户 for 我的客户. Those, and "查一下字节跳动" said in plain words,
// get "did you mean …" with the command written out, instead of a bare "not understood".

/** The word the bot shows for each command. */
const shownWord: Record<CommandName, string> = {
  check: '查重',
  create: '录入',
  'follow-up': '跟进',
  claim: '认领',
  release: '释放',
  mine: '我的客户',
  help: '帮助',
};

/** Plain requests to look a company up: 查一下 X, 帮我查查 X, 查下 X. */
const LOOKUP = /^(?:帮我|麻烦)?(?:查一下|查一查|查查|查下|搜一下|搜下|找一下)(.+)$/s;

const readings = new Map<string, Set<string>>();

function readingsOf(char: string): Set<string> {
  let found = readings.get(char);
  if (!found) {
    found = new Set(
      /\p{Script=Han}/u.test(char) ? pinyin(char, { toneType: 'none', type: 'array', multiple: true }) : [],
    );
    readings.set(char, found);
  }
  return found;
}

/** Same length, every character the same or read alike, and at least one actually different. */
function soundsLike(typed: string, word: string): boolean {
  const a = [...typed];
  const b = [...word];
  if (a.length !== b.length || typed === word || b.length < 2) {
    return false;
  }
  return a.every((char, i) => char === b[i] || [...readingsOf(char)].some((r) => readingsOf(b[i]!).has(r)));
}

/** The command the rep probably meant, written out ("查重 字节跳动"), or null. */
export function suggestedCommand(text: string): string | null {
  const lookup = LOOKUP.exec(text);
  if (lookup) {
    const target = stripSeparators(lookup[1]!);
    return target ? `${shownWord.check} ${quote(target)}` : null;
  }
  for (const [word, name] of commandWords) {
    const typed = [...text].slice(0, [...word].length).join('');
    if (/\p{Script=Han}/u.test(word) && soundsLike(typed, word)) {
      const rest = stripSeparators(text.slice(typed.length));
      return rest ? `${shownWord[name]} ${quote(rest)}` : shownWord[name];
    }
  }
  return null;
}

/** The answer to input the bot did not understand, with a suggestion when one fits. */
export function suggestionReply(text: string): string | null {
  const suggestion = suggestedCommand(text);
  return suggestion ? `没看懂「${quote(text)}」。你是不是想发「${suggestion}」？` : null;
}
