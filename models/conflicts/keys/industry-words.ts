import { WordList } from './name-words.js';

// Industry words (行业表述) of company names, after the sections of the national industry
// classification GB/T 4754-2017 (国民经济行业分类), as registrations phrase them, and the short
// forms people type for them (电商 = 电子商务). Each line: the canonical phrase, then its short forms.
// Data only; company-name.ts strips these from the end of a name, name-similarity.ts compares them.

const groups = `
农业 农业开发 农业发展 农业科技 种植 养殖 畜牧 林业 渔业 园林 园艺 苗木 生态农业
矿业 采矿 煤炭 煤业 石油 天然气 石油化工 石化 能源 新能源 能源科技 新能源科技
食品 食品科技 饮料 酒业 乳业 茶业 粮油 调味食品 农副产品 烟草
纺织 服装 服饰 鞋业 皮具 家纺 针织 制衣
家具 家居 木业 造纸 纸业 印刷 包装 包装材料 文具 工艺品 玩具 体育用品
化工 化学 化工科技 塑胶 塑料 橡胶 涂料 新材料 新材料科技 材料 材料科技 化纤
医药 制药 药业 医药科技 生物医药 生物科技 生物技术 生物 医疗器械/医械 医疗科技 医疗 健康科技 健康管理 健康
建材 水泥 玻璃 陶瓷 石材 钢铁 金属 有色金属 金属制品 五金 铸造 冶金 钢结构
机械 机械设备 机电 机电设备 设备 装备 智能装备 精密机械 自动化 自动化设备 仪器仪表 仪器 工业 制造 重工 动力 工业技术
汽车 汽车销售 汽车服务 汽车销售服务 汽车零部件 汽配 新能源汽车 摩托车 车业
电子 电子科技 电子技术 电器 电气 电气设备 光电 光电科技 光学 半导体 集成电路 微电子 电池 照明 传感 通信设备 精密
电力 电力工程 水务 燃气 热力 环保 环保科技 环境 环境工程 环境科技 节能 节能科技 水处理
建筑 建筑工程 建设 建设工程 工程 工程技术 工程设计 市政工程 装饰 装饰工程 建筑装饰 建筑装饰工程 装饰设计 装修 设计 安装 劳务
贸易 商贸 国际贸易 进出口 经贸 商务 实业 实业发展 实业投资 批发 零售 商业 超市 百货 电子商务/电商 供应链 供应链管理
物流 国际物流 运输 货运 货运代理 国际货运代理 快递 仓储 航运 航空 速运 冷链 物流科技
酒店 酒店管理 餐饮 餐饮管理 餐饮服务 餐饮连锁 住宿 民宿 咖啡
信息技术/信息 信息科技 网络科技/网络 网络技术 软件 软件开发 软件技术 计算机 计算机系统 系统集成 互联网 云计算 数据 数字科技/数字 数据科技 大数据 人工智能 智能科技/智能 智能技术 通信 通讯 通信技术 网络信息 信息服务 电信 游戏 动漫
金融 金融服务 保险 证券 投资 投资管理 投资咨询 资产管理 股权投资 融资租赁 基金 担保 信托 银行 小额贷款 典当
房地产 房地产开发 房地产经纪 置业 地产 物业 物业管理 物业服务 不动产
租赁 企业管理 管理咨询 商务咨询 信息咨询 咨询 咨询服务 广告 广告传媒 会展 会展服务 人力资源 人力资源服务 劳务派遣 知识产权 法律咨询 财务咨询 营销策划 策划 旅游 旅行社 安保 保安 家政 外包 企业服务 商务服务
科技 技术 科技发展 技术开发 技术服务 检测 检测技术 认证 研究院 科学技术 新技术
教育 教育科技 教育咨询 培训 文化教育 职业培训
卫生 医院 诊所 养老 健康养老 康复 月子
文化传媒/传媒 文化传播/传播 文化 文化发展 文化艺术 影视 影视传媒 影视文化 娱乐 演艺 体育 出版 音乐 艺术 传媒科技 数字传媒
`;

const canonicalOf = new Map<string, string>();
for (const line of groups.trim().split('\n')) {
  for (const token of line.trim().split(/\s+/)) {
    const [canonical, ...shortForms] = token.split('/') as [string, ...string[]];
    canonicalOf.set(canonical, canonical);
    shortForms.forEach((s) => canonicalOf.set(s, canonical));
  }
}

export const industryWords = new WordList([...canonicalOf.keys()].join(' '));

/** The canonical phrase of an industry word: 电商 → 电子商务, 医械 → 医疗器械. */
export const canonicalIndustry = (word: string): string => canonicalOf.get(word) ?? word;

// Head words that a phrase may drop when people shorten it: 精密机械 → 精密, 汽车销售服务 → 汽车销售.
const heads = new Set(['科技', '技术', '工程', '服务', '管理', '咨询', '设备', '机械', '发展', '开发', '制造', '实业']);

/**
 * Whether two industries (canonical phrases, '' when absent) can be the same company's: equal, absent
 * on one side, or one a shortening of the other. A Chinese industry phrase ends in its head word, so
 * a phrase ending in another is a narrower way of saying it (网络科技 / 科技, 建筑装饰工程 / 装饰工程);
 * dropping a generic head word shortens it too (精密机械 / 精密), dropping another does not (电子商务 / 电子).
 */
export function industriesCompatible(a: string, b: string): boolean {
  if (!a || !b || a.endsWith(b) || b.endsWith(a)) {
    return true;
  }
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short) && heads.has(long.slice(short.length));
}

/**
 * Whether two industries that are not compatible may still be one phrase and a shortening of it that the
 * vocabulary does not know: they open with the same word (智能科技 / 智能装备: 智能 is 智能科技's short form),
 * or the shorter one's characters appear in the longer one in order (装饰 / 建筑装饰工程, 货代 / 国际货运代理;
 * but also 电子 / 电子商务). Such a pair is a doubt for ops, not a sister company.
 */
export function industriesNear(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [[...a], [...b]] : [[...b], [...a]];
  if (short.length < 2) {
    return false;
  }
  if (short[0] === long[0] && short[1] === long[1]) {
    return true;
  }
  let at = 0;
  for (const c of long) {
    if (c === short[at]) at++;
    if (at === short.length) return true;
  }
  return false;
}
