import type { BotDeps } from '../bot-deps.js';
import { quote } from './reply-format.js';

export function helpText(deps: BotDeps): string {
  const keyword = deps.config.bot.groupKeyword;
  return [
    'CRM 小助手可以帮你：',
    '· 查重 公司名或手机号 —— 看客户是否已存在、归谁',
    '· 录入 公司全称 —— 查重后录入到你的私海（末尾加「占坑」则占坑）',
    '· 跟进 客户 内容 —— 记一条跟进，并告诉你是否有效',
    '· 认领 客户 —— 把公海客户认领到你的私海',
    '· 我的客户 —— 私海客户和掉保日期（「我的客户 2」看第 2 页）',
    '· 释放 客户 —— 把私海客户放回公海，腾出库容',
    '· 帮助 —— 显示本说明',
    `客户名写几个字即可，例如「跟进 字节 今天和王总确认预算，下周二上门演示」。在群里使用时，在前面加「${keyword}」或 @我，我会私信回复你。`,
  ].join('\n');
}

/** The short help for input the bot did not understand: never leave a rep without an answer. */
export function shortHelp(text: string): string {
  const quoted = quote(text);
  return `${quoted ? `没看懂「${quoted}」。` : ''}可以发送：查重 公司名 / 录入 公司全称 / 跟进 客户 内容 / 认领 客户 / 释放 客户 / 我的客户 / 帮助`;
}
