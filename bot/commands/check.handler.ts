import { conflictCheck, type ConflictMatch } from '../../models/bots/conflict-check.js';
import { sameId } from '../../models/org/permissions.js';
import { domainContext } from '../bot-deps.js';
import type { CommandHandler } from './command.js';
import { dropLabel, quote } from './reply-format.js';

// 查重 <公司名、手机号或信用代码>: whether the customer exists and who holds it, before the rep invests in it.

export const checkConflicts: CommandHandler = async (args, { rep, deps }) => {
  if (!args) {
    return { text: '请在「查重」后写公司名、手机号或信用代码，例如：查重 字节跳动' };
  }
  const now = deps.clock.now();
  const matches = await conflictCheck(args, domainContext(deps, rep));
  if (matches.length === 0) {
    return { text: `查重「${quote(args)}」：没有找到相同或相近的客户，可以放心跟进。` };
  }
  const holder = (m: ConflictMatch): string => {
    const mine = sameId(m.ownerId, rep._id);
    const who = `${m.ownerName || '同事'}${m.ownerTeam ? `（${m.ownerTeam}）` : ''}`;
    switch (m.state) {
      case 'public':
        return '公海，可认领';
      case 'private':
        return `${mine ? '在你的私海' : `私海，负责人 ${who}`}，${dropLabel(m.dropsAt, now, deps.config.timezone)}`;
      case 'staked':
        return mine ? '你已占坑' : `${who} 占坑中`;
      case 'signed':
        return mine ? '你的签约客户' : `已签约，负责人 ${who}`;
      case 'quarantined':
        return '已隔离（数据待清洗）';
      case 'merged':
        return '已合并到其他客户';
    }
  };
  const lines = matches.map((m, i) => `${i + 1}. ${m.name}（${m.reason}）— ${holder(m)}`);
  const othersHold = matches.some((m) => m.ownerId && !sameId(m.ownerId, rep._id));
  return {
    text: [
      `查重「${quote(args)}」找到 ${matches.length} 个客户：`,
      ...lines,
      ...(othersHold ? ['如认为应由你跟进，可在小程序对该客户发起撞单申诉。'] : []),
    ].join('\n'),
  };
};
