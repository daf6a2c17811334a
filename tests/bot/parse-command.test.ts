import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/config.js';
import { addressedText, parseCommand, splitTarget } from '../../bot/commands/parse-command.js';

describe('reading what a rep typed', () => {
  it('when commands come with full-width punctuation, full-width spaces or a slash, then they are understood', () => {
    expect(parseCommand('查重：字节跳动')).toEqual({ name: 'check', args: '字节跳动' });
    expect(parseCommand('  查重　　字节跳动 ')).toEqual({ name: 'check', args: '字节跳动' });
    expect(parseCommand('/认领，星河')).toEqual({ name: 'claim', args: '星河' });
    expect(parseCommand('我的客户')).toEqual({ name: 'mine', args: '' });
    expect(parseCommand('？')).toEqual({ name: 'help', args: '' });
    expect(parseCommand('ＨＥＬＰ')).toEqual({ name: 'help', args: '' });
    expect(parseCommand('跟进 云图，今天和王总确认了预算')).toEqual({
      name: 'follow-up',
      args: '云图，今天和王总确认了预算',
    });
    expect(parseCommand('２')).toEqual({ name: 'choice', index: 2 });
    expect(parseCommand('你好')).toEqual({ name: 'unknown', text: '你好' });
  });

  it('when a follow-up names the customer, then customer and note are split at the first space, comma or colon', () => {
    expect(splitTarget('云图，今天和王总确认了预算, 下周二演示')).toEqual({
      target: '云图',
      rest: '今天和王总确认了预算, 下周二演示',
    });
    expect(splitTarget('云图 今天和王总')).toEqual({ target: '云图', rest: '今天和王总' });
    expect(splitTarget('云图今天和王总')).toBeNull();
  });

  it('when a group message starts with the keyword in any case or with #, or mentions the bot, then it is addressed to the bot', () => {
    expect(addressedText('CRM：查重 字节', 'crm', false, '')).toBe('查重 字节');
    expect(addressedText('#crm 我的客户', 'crm', false, '')).toBe('我的客户');
    expect(addressedText('ＣＲＭ　帮助', 'crm', false, '')).toBe('帮助');
    expect(addressedText('@CRM小助手 我的客户', 'crm', true, '我的客户')).toBe('我的客户');
    expect(addressedText('大家好', 'crm', false, '')).toBeNull();
  });
});

describe('bot configuration', () => {
  it('when nothing is set, then the bot is an assistant named scrm-bot that archives nothing and takes no notices from the WeCom app', () => {
    expect(parseConfig({}).bot).toEqual({
      puppet: undefined,
      name: 'scrm-bot',
      account: 'assistant',
      accountUserId: undefined,
      groupKeyword: 'crm',
      archiveChats: false,
      heartbeatSeconds: 30,
      delivery: true,
      routeNotices: false,
    });
  });

  it('when the puppet service is chosen without its token, or a switch is not a boolean, then start-up names both problems', () => {
    let error: unknown;
    try {
      parseConfig({ WECHATY_PUPPET: 'wechaty-puppet-service', BOT_ARCHIVE_CHATS: 'maybe', BOT_ACCOUNT: 'robot' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['WECHATY_PUPPET_SERVICE_TOKEN', 'BOT_ARCHIVE_CHATS', 'BOT_ACCOUNT']) {
      expect(problems).toContain(name);
    }
  });
});
