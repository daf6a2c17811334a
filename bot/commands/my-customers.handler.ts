import { privatePoolOf } from '../../models/bots/find-rep-customers.js';
import { poolRulesResolver } from '../../models/pool/pool-rules.js';
import type { CommandHandler } from './command.js';
import { dropLabel } from './reply-format.js';

// 我的客户: the rep's private pool, soonest drop first, so the next follow-up is obvious.

const MAX_LINES = 20;

export const myCustomers: CommandHandler = async (_args, { rep, deps }) => {
  const [customers, rules] = await Promise.all([
    privatePoolOf(rep._id),
    poolRulesResolver(deps.config)(rep.mainDepartmentId ?? null),
  ]);
  if (customers.length === 0) {
    return { text: `你的私海还没有客户（库容 ${rules.capacity}）。发送「认领 客户名」从公海认领。` };
  }
  const now = deps.clock.now();
  const lines = customers.slice(0, MAX_LINES).map((c, i) => {
    const label = c.locked
      ? '已锁定，不会掉保'
      : c.stage === 'signed'
        ? '已成交，不会掉保'
        : dropLabel(c.protectedUntil, now, deps.config.timezone);
    return `${i + 1}. ${c.name} — ${label}`;
  });
  const more = customers.length > MAX_LINES ? [`……还有 ${customers.length - MAX_LINES} 个，请在小程序查看全部。`] : [];
  return {
    text: [`你的私海（${customers.length}/${rules.capacity}），最先掉保的在前：`, ...lines, ...more].join('\n'),
  };
};
