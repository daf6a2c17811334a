// Chinese administrative regions as they appear in company names (企业名称中的行政区划): provinces,
// prefecture-level cities and a few county-level cities that register many companies, plus the
// districts of the four municipalities. Data only; company-name.ts decides how to strip them.

interface ProvinceData {
  /** Short name as used in company names (广东, 内蒙古). */
  name: string;
  /** Official suffix: 省, 市 (municipalities), 自治区, 特别行政区. */
  suffix: string;
  /** Longer official forms, e.g. 广西壮族自治区. */
  fullNames?: string[];
  cities: string;
}

// Municipalities list their districts as cities, so 北京市海淀区 strips as province + city.
const provinceData: ProvinceData[] = [
  {
    name: '北京',
    suffix: '市',
    cities: '东城 西城 朝阳 海淀 丰台 石景山 门头沟 房山 通州 顺义 昌平 大兴 怀柔 平谷 密云 延庆 亦庄 中关村',
  },
  { name: '天津', suffix: '市', cities: '南开 红桥 东丽 西青 津南 北辰 武清 宝坻 滨海 宁河 静海 蓟州' },
  {
    name: '上海',
    suffix: '市',
    cities: '黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 宝山 嘉定 浦东 金山 松江 青浦 奉贤 崇明 张江 临港',
  },
  { name: '重庆', suffix: '市', cities: '渝中 江北 沙坪坝 九龙坡 南岸 北碚 渝北 巴南 万州 涪陵 永川 合川 江津 两江' },
  { name: '河北', suffix: '省', cities: '石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 雄安' },
  { name: '山西', suffix: '省', cities: '太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁' },
  {
    name: '内蒙古',
    suffix: '自治区',
    cities: '呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 锡林郭勒 阿拉善',
  },
  { name: '辽宁', suffix: '省', cities: '沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 葫芦岛' },
  { name: '吉林', suffix: '省', cities: '长春 吉林 四平 辽源 通化 白山 松原 白城 延边' },
  {
    name: '黑龙江',
    suffix: '省',
    cities: '哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭',
  },
  {
    name: '江苏',
    suffix: '省',
    cities: '南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 昆山 江阴 常熟 张家港 宜兴 太仓',
  },
  {
    name: '浙江',
    suffix: '省',
    cities: '杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 慈溪 余姚 乐清 瑞安 诸暨 萧山',
  },
  {
    name: '安徽',
    suffix: '省',
    cities: '合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城',
  },
  { name: '福建', suffix: '省', cities: '福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 晋江 石狮 福清' },
  { name: '江西', suffix: '省', cities: '南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶' },
  {
    name: '山东',
    suffix: '省',
    cities: '济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽',
  },
  {
    name: '河南',
    suffix: '省',
    cities: '郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源',
  },
  {
    name: '湖北',
    suffix: '省',
    cities: '武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门',
  },
  { name: '湖南', suffix: '省', cities: '长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西' },
  {
    name: '广东',
    suffix: '省',
    cities:
      '广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 顺德 南海',
  },
  {
    name: '广西',
    suffix: '自治区',
    fullNames: ['广西壮族自治区'],
    cities: '南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左',
  },
  { name: '海南', suffix: '省', cities: '海口 三亚 三沙 儋州' },
  {
    name: '四川',
    suffix: '省',
    cities:
      '成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山',
  },
  { name: '贵州', suffix: '省', cities: '贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南' },
  {
    name: '云南',
    suffix: '省',
    cities: '昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆',
  },
  { name: '西藏', suffix: '自治区', cities: '拉萨 日喀则 昌都 林芝 山南 那曲' },
  { name: '陕西', suffix: '省', cities: '西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 杨凌' },
  { name: '甘肃', suffix: '省', cities: '兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南' },
  { name: '青海', suffix: '省', cities: '西宁 海东 海北 黄南 果洛 玉树 海西' },
  { name: '宁夏', suffix: '自治区', fullNames: ['宁夏回族自治区'], cities: '银川 石嘴山 吴忠 固原 中卫' },
  {
    name: '新疆',
    suffix: '自治区',
    fullNames: ['新疆维吾尔自治区'],
    cities: '乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 阿勒泰 石河子',
  },
  { name: '香港', suffix: '特别行政区', cities: '' },
  { name: '澳门', suffix: '特别行政区', cities: '' },
  { name: '台湾', suffix: '省', cities: '台北 新北 桃园 台中 台南 高雄 新竹' },
];

export interface RegionName {
  /** The text as written in the name. */
  text: string;
  province: string;
  /** Empty for a province-level name. */
  city: string;
  /** Written with its administrative suffix (省/市/区…), so it cannot be part of a brand. */
  explicit: boolean;
}

const municipalities = new Set(['北京', '天津', '上海', '重庆']);

function buildRegionNames(): RegionName[] {
  const names: RegionName[] = [];
  for (const p of provinceData) {
    names.push({ text: p.name, province: p.name, city: '', explicit: false });
    for (const full of [`${p.name}${p.suffix}`, ...(p.fullNames ?? [])]) {
      names.push({ text: full, province: p.name, city: '', explicit: true });
    }
    const citySuffixes = municipalities.has(p.name) ? ['区', '新区'] : ['市', '地区', '州', '盟', '自治州', '新区'];
    for (const city of p.cities.split(' ').filter(Boolean)) {
      names.push({ text: city, province: p.name, city, explicit: false });
      for (const suffix of citySuffixes) {
        names.push({ text: `${city}${suffix}`, province: p.name, city, explicit: true });
      }
    }
  }
  names.push({ text: '中国', province: '', city: '', explicit: false });
  names.push({ text: '中华', province: '', city: '', explicit: false });
  // Longest first, so 广东省 wins over 广东 and 张家港 over 张家口's prefix.
  return names.sort((a, b) => b.text.length - a.text.length);
}

export const regionNames: readonly RegionName[] = buildRegionNames();

// Lookups by text; the first name listed for a text wins (a province before a city of the same name).
const byText = new Map<string, RegionName>();
regionNames.forEach((r) => byText.has(r.text) || byText.set(r.text, r));
const lengths = [...new Set(regionNames.map((r) => r.text.length))].sort((a, b) => b - a);

/** The region name the text starts with (longest match), if any. */
export function regionAtStart(text: string): RegionName | undefined {
  for (const length of lengths) {
    const found = length <= text.length ? byText.get(text.slice(0, length)) : undefined;
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** The region name the text ends with (longest match), if any. */
export function regionAtEnd(text: string): RegionName | undefined {
  for (const length of lengths) {
    const found = length <= text.length ? byText.get(text.slice(-length)) : undefined;
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** The region a bracket's content names, e.g. （北京） or (深圳市). */
export function regionExactly(text: string): RegionName | undefined {
  return byText.get(text);
}

export interface Region {
  province: string;
  city: string;
}

/**
 * Whether two regions can be the same place: unknown on either side, the same city, or a province
 * and a city inside it.
 */
export function regionsCompatible(a: Region, b: Region): boolean {
  if ((!a.province && !a.city) || (!b.province && !b.city)) {
    return true;
  }
  if (a.province && b.province && a.province !== b.province) {
    return false;
  }
  return !a.city || !b.city || a.city === b.city;
}
