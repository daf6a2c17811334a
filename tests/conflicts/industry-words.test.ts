import { describe, expect, it } from 'vitest';
import { parseCompanyName } from '../../models/conflicts/keys/company-name.js';
import { compareNames } from '../../models/conflicts/name-similarity.js';

// Industry phrases of GB/T 4754-2017 (models/conflicts/keys/industry-words.ts): a phrase the list knows is split off
// the trade name, its short forms compare as the same trade, and a trade name that only ends in a similar
// character keeps it.

const split = (name: string) => {
  const parsed = parseCompanyName(name);
  return { core: parsed.core, industry: parsed.industry };
};
const compare = (a: string, b: string) => compareNames(parseCompanyName(a), parseCompanyName(b));

describe('industry phrases of the national industry classification', () => {
  it('when a name ends in a 大类 or 中类 phrase as registrations write it, then the trade name is what is left', () => {
    expect(split('舟山海辰水产品有限公司')).toEqual({ core: '海辰', industry: '水产' });
    expect(split('舟山海辰水产养殖有限公司')).toEqual({ core: '海辰', industry: '水产' });
    expect(split('三亚凤凰旅游发展有限公司')).toEqual({ core: '凤凰', industry: '旅游发展' });
    expect(split('宁波恒达轴承有限公司')).toEqual({ core: '恒达', industry: '轴承' });
    expect(split('江苏宏图电线电缆有限公司')).toEqual({ core: '宏图', industry: '电线电缆' });
    expect(split('杭州绿源光伏科技有限公司')).toEqual({ core: '绿源', industry: '光伏科技' });
    expect(split('上海锦程船务有限公司')).toEqual({ core: '锦程', industry: '船务' });
    expect(split('广州华安测绘有限公司')).toEqual({ core: '华安', industry: '测绘' });
    expect(split('北京星河影业有限公司')).toEqual({ core: '星河', industry: '影业' });
    expect(split('成都天府大药房连锁有限公司')).toEqual({ core: '天府', industry: '大药房连锁' });
  });

  it('when one company is written with the phrase, a short form or no industry, then it is the same entity', () => {
    for (const [a, b] of [
      ['舟山海辰水产有限公司', '舟山海辰水产食品有限公司'],
      ['舟山海辰水产品有限公司', '海辰水产养殖有限公司'],
      ['三亚凤凰旅游发展有限公司', '三亚凤凰旅游有限公司'],
      ['三亚凤凰文旅有限公司', '三亚凤凰文化旅游发展有限公司'],
      ['江苏宏图线缆有限公司', '江苏宏图电线电缆有限公司'],
      ['佛山美达家电有限公司', '佛山美达电器有限公司'],
      ['深圳远航货代有限公司', '深圳远航国际货运代理有限公司'],
      ['成都天府大药房有限公司', '成都天府大药房连锁有限公司'],
    ] as const) {
      expect(compare(a, b), `${a} / ${b}`).toMatchObject({ likeness: 'core', sameEntity: true });
    }
  });

  it('when the same trade name in one place names another industry, then it is a sister company, not the same entity', () => {
    expect(compare('舟山海辰水产有限公司', '舟山海辰科技有限公司')).toMatchObject({
      likeness: 'sister',
      sameEntity: false,
    });
    expect(compare('三亚凤凰旅游发展有限公司', '三亚凤凰置业有限公司')).toMatchObject({ sameEntity: false });
  });

  it('when a trade name only ends in a character of a phrase, or would be left with one character, then it keeps it', () => {
    expect(split('金水产业有限公司')).toEqual({ core: '金水产业', industry: '' });
    expect(split('鲜水产有限公司')).toEqual({ core: '鲜水产', industry: '' });
    expect(split('宏达电有限公司')).toEqual({ core: '宏达电', industry: '' });
    expect(split('华为技术有限公司').core).toBe('华为');
    expect(split('长城汽车股份有限公司').core).toBe('长城');
    expect(split('阳光电源股份有限公司').core).toBe('阳光电源');
    // 航天 is a trade name as often as a trade, so it is not in the list.
    expect(split('宏宇航天有限公司').core).toBe('宏宇航天');
  });
});
