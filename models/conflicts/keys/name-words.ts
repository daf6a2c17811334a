// Words of a Chinese company name that say what kind of organisation it is (组织形式) or what trade
// it is in (行业, see industry-words.ts), rather than who it is. Data only; company-name.ts strips them.

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

/**
 * Legal forms and organisational tails, stripped from the end of a name: the forms of the company laws
 * (mainland 有限责任公司 / 股份有限公司; Taiwan's and Hong Kong's 无限公司, 两合公司), the partnership and
 * sole-proprietorship laws, and the tails people add.
 */
export const legalSuffixes = new WordList(`
  集团股份有限公司 集团有限责任公司 集团有限公司 股份有限公司 有限责任公司 有限公司 集团公司 控股集团
  无限责任公司 无限公司 股份两合公司 两合公司 特殊普通合伙
  股份合作公司 股份公司 合伙企业 有限合伙 普通合伙 个体工商户 个人独资企业 总公司 分公司 子公司 公司 集团 控股 股份
  分店 门店 总店 旗舰店 专卖店 经营部 营业部 经销部 商行 工作室 事务所 办事处 代表处 总部 分部 中心 研究院 研究所
  合作社 工厂 厂 店
`);

/** Spellings of a legal form that mean the same form. */
export const legalFormAliases: Record<string, string> = {
  股份公司: '股份有限公司',
  有限责任公司: '有限公司',
  集团有限责任公司: '集团有限公司',
  无限责任公司: '无限公司',
};
