// Words of a Chinese company name that say what kind of organisation it is (组织形式) or what trade
// it is in (行业), rather than who it is. The same company is written with or without them, so the
// core name (字号) is what is left once they are stripped. Data only; company-name.ts strips them.

/** A word list that finds the longest of its words a text ends with. */
export class WordList {
  private readonly words: Set<string>;
  private readonly lengths: number[];

  constructor(list: string) {
    this.words = new Set(list.split(/\s+/).filter(Boolean));
    this.lengths = [...new Set([...this.words].map((w) => w.length))].sort((a, b) => b - a);
  }

  /** The longest word the text ends with that leaves at least `keep` characters before it. */
  endOf(text: string, keep: number): string | undefined {
    for (const length of this.lengths) {
      if (text.length - length >= keep && this.words.has(text.slice(-length))) {
        return text.slice(-length);
      }
    }
    return undefined;
  }
}

/** Legal forms and organisational tails, stripped from the end of a name. */
export const legalSuffixes = new WordList(`
  集团股份有限公司 集团有限责任公司 集团有限公司 股份有限公司 有限责任公司 有限公司 集团公司 控股集团
  股份合作公司 合伙企业 有限合伙 普通合伙 个体工商户 个人独资企业 总公司 分公司 子公司 公司 集团 控股 股份
  分店 门店 总店 旗舰店 专卖店 经营部 营业部 经销部 商行 工作室 事务所 办事处 代表处 总部 分部 中心 研究院 研究所
  合作社 工厂 厂 店
`);

/** Industry words (行业表述), stripped from the end of a name once the legal form is gone. */
export const industryWords = new WordList(`
  信息技术 信息科技 网络科技 网络技术 科技发展 技术开发 技术服务 软件开发 软件技术 电子商务 电子科技 数字科技 智能科技
  智能技术 生物科技 生物技术 医疗器械 医疗科技 医药科技 健康科技 教育科技 教育咨询 文化传媒 文化传播 文化发展 广告传媒
  影视传媒 企业管理 管理咨询 商务咨询 信息咨询 投资管理 资产管理 投资咨询 股权投资 融资租赁 供应链管理 供应链 物流科技
  国际贸易 进出口 国际物流 建筑工程 建设工程 装饰工程 装饰设计 工程技术 工程设计 环保科技 环境科技 新能源科技 新材料科技
  能源科技 汽车服务 汽车销售 餐饮管理 酒店管理 物业管理 人力资源 房地产开发 房地产经纪 置业 地产 房地产 食品科技
  农业科技 农业发展 机械设备 机电设备 电气设备 自动化设备 自动化 精密机械 仪器仪表 实业发展 实业投资 国际
  科技 技术 信息 网络 软件 数字 数据 智能 智慧 云计算 互联网 电子 电气 通信 通讯 传媒 传播 文化 广告 影视 教育 培训
  咨询 管理 商务 服务 贸易 商贸 实业 发展 投资 控股 金融 保险 证券 物流 快递 运输 航空 医疗 医药 生物 健康 制药
  食品 饮料 餐饮 酒业 农业 环保 环境 能源 新能源 新材料 材料 化工 化学 建筑 建设 工程 装饰 装修 设计 家居 家具
  机械 设备 制造 工业 精密 汽车 电器 照明 光电 纺织 服饰 服装 鞋业 皮具 印刷 包装 塑胶 塑料 五金 钢铁 金属
  计算机系统 计算机 系统 系统集成 矿业 石油 电力 水务 旅游 酒店 物业 租赁 人力 会展 体育 传感 半导体 集成电路 微电子 光学 器械 药业 药房
`);
