// Reading what a rep typed. Reps type on phones, in Chinese, with full-width punctuation and stray
// spaces: "查重：字节跳动", "跟进 字节跳动，约了王总下周二演示", "认领" and a full-width space. All of
// these must work.

export type CommandName = 'check' | 'create' | 'follow-up' | 'claim' | 'release' | 'mine' | 'help';

export type ParsedCommand =
  { name: CommandName; args: string } | { name: 'choice'; index: number } | { name: 'unknown'; text: string };

// Longer words first, so "写跟进" wins over "跟进".
export const commandWords: [string, CommandName][] = (
  [
    ['查重', 'check'],
    ['撞单', 'check'],
    ['查客户', 'check'],
    ['查询', 'check'],
    ['录入', 'create'],
    ['新建客户', 'create'],
    ['新增客户', 'create'],
    ['写跟进', 'follow-up'],
    ['记跟进', 'follow-up'],
    ['跟进', 'follow-up'],
    ['认领', 'claim'],
    ['领取', 'claim'],
    ['捡入', 'claim'],
    ['释放', 'release'],
    ['放回公海', 'release'],
    ['我的客户', 'mine'],
    ['我的私海', 'mine'],
    ['客户列表', 'mine'],
    ['私海', 'mine'],
    ['帮助', 'help'],
    ['help', 'help'],
    ['菜单', 'help'],
    ['?', 'help'],
    ['命令', 'help'],
  ] as [string, CommandName][]
).sort((a, b) => b[0].length - a[0].length);

/** One space for any run of white space (full-width spaces included), trimmed. The rep's own
 * characters are kept otherwise: a follow-up note is stored as typed, with its Chinese punctuation. */
export function normalizeInput(text: string): string {
  return text.replace(/[\s\u3000\u2005\u200b]+/g, ' ').trim();
}

/** Whether the text starts with the word, ignoring case and full-width forms (ＣＲＭ, ？). */
function startsWithWord(text: string, word: string): boolean {
  // Full-width ASCII maps one-to-one onto half-width, so the prefix has the word's length.
  return text.slice(0, word.length).normalize('NFKC').toLowerCase() === word;
}

/** Separators reps put between a command and its arguments, half- and full-width. */
const LEADING_SEPARATORS = /^[\s:：,，;；.。、=＝\-－]+/;

export function stripSeparators(text: string): string {
  return text.replace(LEADING_SEPARATORS, '').trim();
}

function withoutSlash(text: string): string {
  return text.replace(/^[/#／＃]/, '');
}

export function parseCommand(raw: string): ParsedCommand {
  const text = withoutSlash(normalizeInput(raw));
  if (/^[1-9１-９]$/.test(text)) {
    return { name: 'choice', index: Number(text.normalize('NFKC')) };
  }
  for (const [word, name] of commandWords) {
    if (startsWithWord(text, word)) {
      return { name, args: stripSeparators(text.slice(word.length)) };
    }
  }
  return { name: 'unknown', text };
}

/**
 * The text of a group message addressed to the bot: it starts with the keyword ("crm 查重 …",
 * "#CRM：查重 …"), or mentions the bot (then the mention text without the @name). Null otherwise.
 */
export function addressedText(raw: string, keyword: string, mentionsBot: boolean, mentionText: string): string | null {
  const text = withoutSlash(normalizeInput(raw));
  const word = keyword.normalize('NFKC').toLowerCase();
  if (startsWithWord(text, word)) {
    return stripSeparators(text.slice(word.length));
  }
  return mentionsBot ? normalizeInput(mentionText) : null;
}

/**
 * Splits "<客户> <内容>" at the first separator a rep would type: a space, a comma or a colon.
 * Returns null when there is none (the caller then tries the rep's customer names as prefixes).
 */
export function splitTarget(args: string): { target: string; rest: string } | null {
  const match = /^(.+?)[\s,:;，：；]+(.+)$/s.exec(args);
  return match ? { target: match[1]!.trim(), rest: match[2]!.trim() } : null;
}
