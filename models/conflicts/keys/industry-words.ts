import { WordList } from './name-words.js';

// Industry words (行业表述) of company names, after the national industry classification GB/T 4754-2017
// (国民经济行业分类): its 门类, 大类 and 中类 names as registrations phrase them (大类 水产品加工 and 中类
// 水产养殖 → 水产), and the short forms people type for them (电商 = 电子商务). One line per section (or a
// few sections); each token is a canonical phrase, then its short forms after '/'. Left out on purpose:
// one-character words and phrases that are common trade names (航天, 长城). Data only; company-name.ts
// strips these from the end of a name, name-similarity.ts compares them.

const groups = `
农业 农业开发 农业发展 农业科技 种植 养殖 畜牧 林业 渔业 园林 园艺 苗木 生态农业 种业 种苗 蔬菜 食用菌 花卉 果业 果蔬 中药材 草业 林木 牧业 禽业 水产/水产品/水产养殖/水产食品 农机 植保 农业服务
矿业 采矿 煤炭 煤业 石油 天然气 石油化工 石化 能源 新能源 能源科技 新能源科技 煤矿 矿产 稀土 砂石 盐业 燃料 焦化
食品 食品科技 饮料 酒业 乳业/乳品/乳制品 茶业 粮油 调味食品 农副产品 烟草 饲料 米业 面粉 油脂 糖业 肉类 肉食品 烘焙 糖果 罐头 调味品 方便食品 酿酒 白酒 葡萄酒 啤酒 饮品 茶叶
纺织 服装 服饰 鞋业 皮具 家纺 针织 制衣 印染 织造 丝绸 时装 皮革 羽绒
家具 家居 木业 造纸 纸业 印刷 包装 包装材料 文具 工艺品 玩具 体育用品 木材 竹木 纸品 乐器 礼品 工艺 游艺
化工 化学 化工科技 塑胶 塑料 橡胶 涂料 新材料 新材料科技 材料 材料科技 化纤 化肥 肥业 农药 油墨 颜料 日化 化妆品 香料 塑业 塑料制品
医药 制药 药业 医药科技 生物医药 生物科技 生物技术 生物 医疗器械/医械 医疗科技 医疗 健康科技 健康管理 健康 中药 兽药
建材 水泥 玻璃 陶瓷 石材 钢铁 金属 有色金属 金属制品 五金 铸造 冶金 钢结构 耐火材料 石墨 钢业 特钢 钢材 铝业 铜业 合金 不锈钢 锻造 模具
机械 机械设备 机电 机电设备 设备 装备 智能装备 精密机械 自动化 自动化设备 仪器仪表 仪器 工业 制造 重工 动力 工业技术 锅炉 机床 泵业 阀门 压缩机 轴承 齿轮 传动 风机 液压 衡器 仪表 钟表 维修
汽车 汽车销售 汽车服务 汽车销售服务 汽车零部件 汽配 新能源汽车 摩托车 车业 车辆 客车 电动车 自行车 船舶 造船 轨道交通 汽车维修/汽修
电子 电子科技 电子技术 电器 电气 电气设备 光电 光电科技 光学 半导体 集成电路 微电子 电池 照明 传感 通信设备 精密 电机 电线电缆/电缆/线缆 电工 家用电器/家电 光伏 输配电 元器件 电子元件
电力 电力工程 水务 燃气 热力 环保 环保科技 环境 环境工程 环境科技 节能 节能科技 水处理 发电 风电 供水 自来水 污水处理 再生资源 资源回收 回收
建筑 建筑工程 建设 建设工程 工程 工程技术 工程设计 市政工程 装饰 装饰工程 建筑装饰 建筑装饰工程 装饰设计 装修 设计 安装 劳务 路桥 水利 水电 管道 幕墙
贸易 商贸 国际贸易 进出口 经贸 商务 实业 实业发展 实业投资 批发 零售 商业 超市 百货 电子商务/电商 供应链 供应链管理 农产品 大药房 药房 连锁
物流 国际物流 运输 货运 货运代理/货代 国际货运代理 快递 仓储 航运 航空 速运 冷链 物流科技 客运 公交 海运 船务 港务 报关 搬运 装卸 速递
酒店 酒店管理 餐饮 餐饮管理 餐饮服务 餐饮连锁 住宿 民宿 咖啡 宾馆 旅馆 客栈 快餐 配餐 茶饮
信息技术/信息 信息科技 网络科技/网络 网络技术 软件 软件开发 软件技术 计算机 计算机系统 系统集成 互联网 云计算 数据 数字科技/数字 数据科技 大数据 人工智能 智能科技/智能 智能技术 通信 通讯 通信技术 网络信息 信息服务 电信 游戏 动漫 物联网 运维 广电
金融 金融服务 保险 证券 投资 投资管理 投资咨询 资产管理 股权投资 融资租赁 基金 担保 信托 银行 小额贷款 典当 期货 资本 资本管理 创业投资/创投 支付 财富管理 保险经纪 保险代理
房地产/房产 房地产开发 房地产经纪 置业 地产 物业 物业管理 物业服务 不动产
租赁 企业管理 管理咨询 商务咨询 信息咨询 咨询 咨询服务 广告 广告传媒 会展 会展服务 人力资源 人力资源服务 劳务派遣 知识产权 法律咨询 财务咨询 营销策划 策划 旅游 旅行社 安保 保安 家政 外包 企业服务 商务服务 法律服务 律师 翻译 征信
科技 技术 科技发展 技术开发 技术服务 检测 检测技术 认证 研究院 科学技术 新技术 科技服务 测绘 地理信息 勘察 勘查 勘探 地质 监理 造价 规划设计 检验检测 质检 气象
教育 教育科技 教育咨询 培训 文化教育 职业培训 学前教育 早教
卫生 医院 诊所 养老 健康养老 康复 月子 门诊 门诊部 体检 护理
水资源 生态 环境治理 环卫 绿化
家庭服务 托育 洗涤 干洗 美容 美发 美业 养生 保健 洗浴 摄影 婚庆 婚介 殡葬 清洁 保洁 宠物
文化传媒/传媒 文化传播/传播 文化 文化发展 文化艺术 影视 影视传媒 影视文化 娱乐 演艺 体育 出版 音乐 艺术 传媒科技 数字传媒 新闻 广播 电视 电影 影业 文艺 健身 游乐 彩票 文化旅游/文旅 旅游发展 旅游开发 景区
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

// Head words that a phrase may drop when people shorten it: 精密机械 → 精密, 汽车销售服务 → 汽车销售,
// 大药房连锁 → 大药房.
const heads = new Set('科技 技术 工程 服务 管理 咨询 设备 机械 发展 开发 制造 实业 连锁'.split(' '));

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
 * or the shorter one's characters appear in the longer one in order (装饰 / 建筑装饰工程, 机电 / 机械电子;
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
