import { describe, expect, it } from 'vitest';
import { plainTextOf } from '../../bot/delivery/plain-text.js';

describe('outbox payloads as chat text', () => {
  it('when a warning is markdown, then headings, bold, colours and links become plain readable text', () => {
    const text = plainTextOf({
      msgtype: 'markdown',
      markdown: {
        content:
          '## 掉保预警\n> 客户 **北京字节跳动科技有限公司** 将于 <font color="warning">3 天后</font>掉保\n- 上次有效跟进：2026-03-01\n[去跟进](https://crm.example.com/c/1)',
      },
    });
    expect(text).toBe(
      '【掉保预警】\n客户 北京字节跳动科技有限公司 将于 3 天后掉保\n· 上次有效跟进：2026-03-01\n去跟进（https://crm.example.com/c/1）',
    );
  });

  it('when a nudge is a textcard with HTML, then title, body and link are lines', () => {
    const text = plainTextOf({
      msgtype: 'textcard',
      textcard: {
        title: '今日待跟进',
        description: '<div class="gray">2026-03-02</div><div class="normal">3 个客户今天需要跟进</div>',
        url: 'https://crm.example.com/todo',
        btntxt: '查看',
      },
    });
    expect(text).toBe('【今日待跟进】\n2026-03-02\n3 个客户今天需要跟进\n查看：https://crm.example.com/todo');
  });

  it('when a digest is a template card, then its titles, fields, jumps and action are lines', () => {
    const text = plainTextOf({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        main_title: { title: '团队日报', desc: '3月2日' },
        emphasis_content: { title: '5', desc: '今日有效跟进' },
        sub_title_text: '新增 A 类客户 1 个',
        horizontal_content_list: [{ keyname: '即将掉保', value: '2 个' }],
        jump_list: [{ type: 1, title: '打开理单表', url: 'https://crm.example.com/review' }],
        card_action: { type: 1, url: 'https://crm.example.com/digest' },
      },
    });
    expect(text).toBe(
      '【团队日报】\n3月2日\n5 今日有效跟进\n新增 A 类客户 1 个\n即将掉保：2 个\n打开理单表：https://crm.example.com/review\n详情：https://crm.example.com/digest',
    );
  });

  it('when a text has a link tag, then the link is written out; an unknown or empty payload has no text', () => {
    expect(
      plainTextOf({ msgtype: 'text', text: { content: '请<a href="https://crm.example.com">登录</a>查看' } }),
    ).toBe('请登录（https://crm.example.com）查看');
    expect(plainTextOf({ msgtype: 'news', news: {} })).toBeNull();
    expect(plainTextOf({ msgtype: 'text', text: { content: '  ' } })).toBeNull();
  });
});
