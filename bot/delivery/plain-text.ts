// Outbox payloads are WeCom app messages (text, markdown, textcard, template_card). A chat message
// from the bot is plain text, so each becomes readable text: no markdown symbols, no HTML, links
// written out, the card's fields as lines.

type Json = Record<string, unknown>;

const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);

/** HTML as WeCom allows it in text and textcard bodies: links written out, line breaks kept, tags dropped. */
export function htmlToText(html: string): string {
  return html
    .replace(/<a\s[^>]*href=["']([^"']+)["'][^>]*>(.*?)<\/a>/gi, (_m, url: string, label: string) =>
      label && label !== url ? `${label}（${url}）` : url,
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** WeCom markdown (headings, bold, links, font colours, quotes, code) as plain text. */
export function markdownToText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+(.*)$/, '【$1】')
        .replace(/^\s*>\s?/, '')
        .replace(/^\s*[-*+]\s+/, '· '),
    )
    .join('\n')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
      label === url ? url : `${label}（${url}）`,
    )
    .replace(/<font[^>]*>(.*?)<\/font>/gi, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<[^>]+>/g, '');
}

function templateCardToText(card: Json): string {
  const main = obj(card.main_title);
  const emphasis = obj(card.emphasis_content);
  const action = obj(card.card_action);
  const lines = [
    str(main.title) && `【${str(main.title)}】`,
    str(main.desc),
    [str(emphasis.title), str(emphasis.desc)].filter(Boolean).join(' '),
    str(obj(card.quote_area).quote_text),
    str(card.sub_title_text),
    ...list(card.horizontal_content_list).map(
      (h) => `${str(h.keyname)}：${str(h.value)}${str(h.url) ? `（${str(h.url)}）` : ''}`,
    ),
    ...list(card.jump_list).map((j) => `${str(j.title)}${str(j.url) ? `：${str(j.url)}` : ''}`),
    str(action.url) && `详情：${str(action.url)}`,
  ];
  return lines.filter((l) => l.trim() !== '').join('\n');
}

/** The plain text of an outbox payload, or null when it carries nothing readable. */
export function plainTextOf(payload: unknown): string | null {
  const p = obj(payload);
  let text: string;
  switch (str(p.msgtype)) {
    case 'text':
      text = htmlToText(str(obj(p.text).content));
      break;
    case 'markdown':
      text = markdownToText(str(obj(p.markdown).content));
      break;
    case 'textcard': {
      const card = obj(p.textcard);
      const url = str(card.url);
      text = [
        str(card.title) && `【${str(card.title)}】`,
        htmlToText(str(card.description)).trim(),
        url && `${str(card.btntxt) || '详情'}：${url}`,
      ]
        .filter(Boolean)
        .join('\n');
      break;
    }
    case 'template_card':
      text = templateCardToText(obj(p.template_card));
      break;
    default:
      return null;
  }
  const tidy = text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return tidy === '' ? null : tidy;
}
