import { privatePoolOf } from '../../models/bots/find-rep-customers.js';
import { poolRulesResolver } from '../../models/pool/pool-rules.js';
import type { CommandHandler } from './command.js';
import { dropLabel, quote } from './reply-format.js';

// 我的客户 [页码]: the rep's private pool, soonest drop first, so the next follow-up is obvious. Each
// page fits one WeCom text message (2,048 bytes, server/wecom/README.md §3.3); "我的客户 2" shows the next.

const MESSAGE_BYTES = 2048;
/** Room kept for the page's heading and footer. */
const FRAME_BYTES = 260;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Splits lines into pages that each fit the message budget. */
export function pagesOf(lines: string[], budget = MESSAGE_BYTES - FRAME_BYTES): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = bytes(line) + 1;
    if (page.length > 0 && used + size > budget) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(line);
    used += size;
  }
  if (page.length > 0) {
    pages.push(page);
  }
  return pages;
}

export const myCustomers: CommandHandler = async (args, { rep, deps }) => {
  const [customers, rules] = await Promise.all([
    privatePoolOf(rep._id, 1000),
    poolRulesResolver(deps.config)(rep.mainDepartmentId ?? null),
  ]);
  if (customers.length === 0) {
    return { text: `你的私海还没有客户（库容 ${rules.capacity}）。发送「认领 客户名」从公海认领。` };
  }
  const now = deps.clock.now();
  const lines = customers.map((c, i) => {
    const label = c.locked
      ? '已锁定，不会掉保'
      : c.stage === 'signed'
        ? '已成交，不会掉保'
        : dropLabel(c.protectedUntil, now, deps.config.timezone);
    return `${i + 1}. ${quote(c.name, 40)} — ${label}`;
  });
  const pages = pagesOf(lines);
  const wanted = Number(/\d+/.exec(args.normalize('NFKC'))?.[0] ?? 1);
  if (wanted < 1 || wanted > pages.length) {
    return { text: `你的私海客户共 ${pages.length} 页，请发送「我的客户 1」到「我的客户 ${pages.length}」。` };
  }
  const heading =
    `你的私海（${customers.length}/${rules.capacity}），最先掉保的在前` +
    (pages.length > 1 ? `（第 ${wanted}/${pages.length} 页）：` : '：');
  const footer =
    wanted < pages.length ? [`发送「我的客户 ${wanted + 1}」看下一页，或在小程序“我的客户”查看全部。`] : [];
  return { text: [heading, ...pages[wanted - 1]!, ...footer].join('\n') };
};
