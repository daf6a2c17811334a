import { creditCodeCheckCharacter } from '../../models/conflicts/keys/credit-code.js';
import type { CustomerInput } from '../../models/customers/use-cases/create-customer.js';

// Realistic Chinese companies, generated deterministically from a seed: region × brand (字号) ×
// industry × legal form, with a boss, phones, a credit code and sometimes a company mail domain.
// Used by the matching-accuracy test and the conflict-check benchmark.

/** mulberry32: small, fast and good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

// Characters of real brand names (字号), most common first; picked with a skew towards the front,
// as real registries are (华, 信, 达 are everywhere; 璟 is rare).
const brandChars = [
  ...('华信达通恒盛鼎宏泰安康瑞博智联创新源远天海云锦金银星辰佳美优嘉润丰利腾飞翔宇航中正和合德诚福祥隆昌兴旺明光东方' +
    '汇聚力行道世纪万千百易迅捷速凯威尚品卓越精英领先致景晟昊璟睿哲思维度量子微米纳川江河湖山峰岭松柏竹梅兰菊' +
    '青蓝红紫橙彩虹晨曦朗逸轩宸煜炜灿烁铭钧铎锐锋鑫淼森磊焱垚犇骉麟凤鹏鸿鹰雁燕鲲鳌龙虎豹狮象鹿羚骏驰奔腾跃'),
];

const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const givenChars = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌宇浩凯鹏辉晨阳博睿思远航嘉怡欣悦雪梅琳婷颖晓东海波峰岩松林森',
];

const cities: readonly [string, string][] = [
  ['北京', ''],
  ['上海', ''],
  ['天津', ''],
  ['重庆', ''],
  ['广东', '广州'],
  ['广东', '深圳'],
  ['广东', '东莞'],
  ['广东', '佛山'],
  ['浙江', '杭州'],
  ['浙江', '宁波'],
  ['浙江', '温州'],
  ['江苏', '南京'],
  ['江苏', '苏州'],
  ['江苏', '无锡'],
  ['四川', '成都'],
  ['湖北', '武汉'],
  ['湖南', '长沙'],
  ['陕西', '西安'],
  ['山东', '济南'],
  ['山东', '青岛'],
  ['福建', '厦门'],
  ['福建', '福州'],
  ['河南', '郑州'],
  ['安徽', '合肥'],
  ['辽宁', '大连'],
  ['辽宁', '沈阳'],
  ['云南', '昆明'],
  ['江西', '南昌'],
  ['河北', '石家庄'],
];

export const industries = [
  '科技',
  '信息技术',
  '网络科技',
  '电子商务',
  '贸易',
  '商贸',
  '实业',
  '文化传媒',
  '建筑工程',
  '餐饮管理',
  '生物科技',
  '医疗器械',
  '教育科技',
  '物流',
  '供应链管理',
  '机械设备',
  '新能源科技',
  '食品',
  '服饰',
  '广告',
  '企业管理咨询',
  '软件',
  '智能科技',
  '环保科技',
];
export const legalForms = [
  '有限公司',
  '有限公司',
  '有限公司',
  '有限公司',
  '有限责任公司',
  '股份有限公司',
  '集团有限公司',
];

export interface GeneratedCompany {
  /** Parts, so tests can build variants of the same company. */
  parts: {
    province: string;
    city: string;
    brand: string;
    industry: string;
    legalForm: string;
    layout: 'prefix' | 'bracket' | 'none';
  };
  input: CustomerInput & { name: string; creditCode: string; phones: string[]; boss: string; emails: string[] };
}

function skewed(random: Random, list: readonly string[]): string {
  // Squaring skews towards the front of the list (a rough Zipf curve).
  return list[Math.floor(random() ** 2 * list.length)]!;
}

export function brandOf(random: Random, length: number): string {
  let brand = '';
  while ([...brand].length < length) {
    const c = skewed(random, brandChars);
    if (!brand.endsWith(c)) {
      brand += c;
    }
  }
  return brand;
}

export function personName(random: Random): string {
  return pick(random, surnames) + pick(random, givenChars) + (random() < 0.8 ? pick(random, givenChars) : '');
}

export function mobile(random: Random): string {
  return `1${pick(random, ['3', '5', '7', '8', '9'])}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
}

export function creditCode(random: Random): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = pick(random, ['91', '92', '93', '12', '52']) + String(110000 + Math.floor(random() * 540000));
  while (body.length < 17) {
    body += pick(random, [...alphabet]);
  }
  return body + creditCodeCheckCharacter(body);
}

export function regionText(random: Random, province: string, city: string): string {
  if (!city) {
    return random() < 0.6 ? `${province}市` : province;
  }
  const r = random();
  return r < 0.55 ? `${city}市` : r < 0.8 ? city : r < 0.92 ? `${province}省${city}市` : `${province}${city}`;
}

export function composeName(p: GeneratedCompany['parts'], random: Random): string {
  const region = regionText(random, p.province, p.city);
  if (p.layout === 'bracket') {
    return `${p.brand}（${p.city || p.province}）${p.industry}${p.legalForm}`;
  }
  return `${p.layout === 'prefix' ? region : ''}${p.brand}${p.industry}${p.legalForm}`;
}

/** One company; brandLength 0 picks a realistic length (2–4 characters). */
export function generateCompany(random: Random, brandLength = 0): GeneratedCompany {
  const [province, city] = pick(random, cities);
  const length = brandLength || (random() < 0.2 ? 2 : random() < 0.55 ? 3 : 4);
  const layoutDraw = random();
  const parts: GeneratedCompany['parts'] = {
    province,
    city,
    brand: brandOf(random, length),
    industry: pick(random, industries),
    legalForm: pick(random, legalForms),
    layout: layoutDraw < 0.8 ? 'prefix' : layoutDraw < 0.9 ? 'bracket' : 'none',
  };
  const phones = [mobile(random)];
  if (random() < 0.3) {
    phones.push(`0${pick(random, ['10', '21', '755', '571', '28'])}-${String(Math.floor(random() * 9e7) + 1e7)}`);
  }
  return {
    parts,
    input: {
      name: composeName(parts, random),
      creditCode: creditCode(random),
      phones,
      boss: personName(random),
      emails: random() < 0.3 ? [`info@${latinWord(random)}${pick(random, ['.com', '.cn', '.com.cn'])}`] : [],
      source: 'import',
    },
  };
}

export function latinWord(random: Random): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: 6 + Math.floor(random() * 5) }, () => pick(random, [...letters])).join('');
}
