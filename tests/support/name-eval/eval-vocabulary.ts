// The evaluation's own vocabularies, written for it and independent of the matching rules' data
// (models/conflicts/ takes its regions from a package and its industries from the national
// classification). Regions here are typed from memory of real registrations, with the county level
// the rules' old hand-typed list never had; industries are phrases copied from the business scope
// lines of real licences; trade-name characters are a pool of their own.

/** [province, prefecture city, county or district]; '' where a level is not used. */
export const evalPlaces: readonly [string, string, string][] = [
  ['北京', '', '朝阳区'],
  ['北京', '', '海淀区'],
  ['北京', '', '大兴区'],
  ['上海', '', '浦东新区'],
  ['上海', '', '闵行区'],
  ['上海', '', '嘉定区'],
  ['天津', '', '滨海新区'],
  ['重庆', '', '渝北区'],
  ['广东', '深圳', '南山区'],
  ['广东', '深圳', '宝安区'],
  ['广东', '广州', '天河区'],
  ['广东', '广州', '番禺区'],
  ['广东', '佛山', '顺德区'],
  ['广东', '东莞', ''],
  ['广东', '珠海', '香洲区'],
  ['广东', '汕头', '潮阳区'],
  ['浙江', '杭州', '余杭区'],
  ['浙江', '杭州', '萧山区'],
  ['浙江', '宁波', '鄞州区'],
  ['浙江', '金华', '义乌市'],
  ['浙江', '温州', '乐清市'],
  ['浙江', '绍兴', '柯桥区'],
  ['江苏', '苏州', '昆山市'],
  ['江苏', '苏州', '吴江区'],
  ['江苏', '无锡', '江阴市'],
  ['江苏', '南京', '江宁区'],
  ['江苏', '常州', '武进区'],
  ['江苏', '南通', '海门区'],
  ['江苏', '徐州', '铜山区'],
  ['山东', '青岛', '黄岛区'],
  ['山东', '济南', '历下区'],
  ['山东', '潍坊', '寿光市'],
  ['山东', '临沂', '兰山区'],
  ['福建', '泉州', '晋江市'],
  ['福建', '厦门', '思明区'],
  ['福建', '福州', '鼓楼区'],
  ['河南', '郑州', '金水区'],
  ['河南', '洛阳', '涧西区'],
  ['湖北', '武汉', '洪山区'],
  ['湖北', '宜昌', '夷陵区'],
  ['湖南', '长沙', '岳麓区'],
  ['湖南', '株洲', '天元区'],
  ['四川', '成都', '武侯区'],
  ['四川', '绵阳', '涪城区'],
  ['陕西', '西安', '雁塔区'],
  ['安徽', '合肥', '蜀山区'],
  ['安徽', '芜湖', '鸠江区'],
  ['江西', '赣州', '章贡区'],
  ['河北', '保定', '竞秀区'],
  ['河北', '廊坊', '三河市'],
  ['辽宁', '大连', '甘井子区'],
  ['吉林', '长春', '朝阳区'],
  ['黑龙江', '哈尔滨', '南岗区'],
  ['云南', '昆明', '官渡区'],
  ['贵州', '贵阳', '观山湖区'],
  ['广西', '南宁', '青秀区'],
  ['广西', '柳州', '鱼峰区'],
  ['新疆', '乌鲁木齐', '天山区'],
  ['内蒙古', '包头', '昆都仑区'],
  ['甘肃', '兰州', '城关区'],
  ['海南', '海口', '龙华区'],
  ['山西', '太原', '小店区'],
];

/** Provinces the generator spells in full (the others take 省). */
export const provinceFullNames: Record<string, string> = {
  广西: '广西壮族自治区',
  内蒙古: '内蒙古自治区',
  新疆: '新疆维吾尔自治区',
  北京: '北京市',
  上海: '上海市',
  天津: '天津市',
  重庆: '重庆市',
};

/** Industry phrases of real licences, each with the short forms people type for it. */
export const evalIndustries: readonly { full: string; short: string[] }[] = [
  { full: '电子商务', short: ['电商'] },
  { full: '信息技术', short: ['信息'] },
  { full: '文化传媒', short: ['传媒'] },
  { full: '医疗器械', short: ['医械'] },
  { full: '网络科技', short: ['网络'] },
  { full: '餐饮管理', short: ['餐饮'] },
  { full: '物业服务', short: ['物业'] },
  { full: '建筑装饰工程', short: ['装饰工程', '装饰'] },
  { full: '新材料科技', short: ['新材料'] },
  { full: '人力资源服务', short: ['人力资源'] },
  { full: '汽车销售服务', short: ['汽车销售'] },
  { full: '供应链管理', short: ['供应链'] },
  { full: '环境工程', short: ['环境'] },
  { full: '健康管理咨询', short: ['健康管理'] },
  { full: '包装材料', short: ['包装'] },
  { full: '农业开发', short: ['农业'] },
  { full: '教育咨询', short: ['教育'] },
  { full: '智能装备', short: ['智能'] },
  { full: '生物医药', short: ['生物'] },
  { full: '机电设备', short: ['机电'] },
  { full: '国际货运代理', short: ['货运代理', '货代'] },
  { full: '广告', short: [] },
  { full: '科技', short: [] },
  { full: '贸易', short: [] },
  { full: '实业', short: [] },
  { full: '食品', short: [] },
  { full: '服装', short: [] },
  { full: '化工', short: [] },
  { full: '光电科技', short: ['光电'] },
  { full: '软件开发', short: ['软件'] },
];

/** Organisational forms with the spellings people use for them. */
export const evalForms: readonly { full: string; short: string[] }[] = [
  { full: '有限公司', short: ['公司'] },
  { full: '有限公司', short: ['公司'] },
  { full: '有限公司', short: ['公司'] },
  { full: '有限责任公司', short: ['有限公司'] },
  { full: '股份有限公司', short: ['股份公司'] },
  { full: '集团有限公司', short: ['集团'] },
];

// Trade-name characters, a pool of their own: auspicious and nature words common in registrations.
export const tradeNameChars = [
  ...('嘉禾远景瑞丰卓信鼎盛博雅恒通宏图弘毅致远天成永安众合金诺宜华同创尚德聚英泽润思源蓝海星火' +
    '启航立达东升北辰南山西子九州万邦千禧百川一诺三友四通五岳六和七星八方凌云腾达中科华夏' +
    '美凯龙壹品优选安捷伦飞鹤绿源翠微青禾白鹭紫荆红枫黄鹤碧水银河金桥铁塔钢城玉泉珠峰宝丰' +
    '春晖夏阳秋实冬青晨光暮雪朝晖晓风霁月云帆雨田雷霆雪松冰川火炬烽烟梦想希望信念勇毅'),
].filter((c, i, all) => all.indexOf(c) === i);

// Common characters to draw homophones from (a typo typed through pinyin picks one of these).
export const homophonePool = [
  ...('的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明社长特己给位正通业海向数名书党已' +
    '伟华达鸿宏泓弘红洪虹辉晖慧惠汇会卉信新心鑫欣馨星兴鼎定丁顶通同桐童彤佳家嘉加嘉迪笛敌涤讯迅逊训跳条调挑动栋东冬董'),
].filter((c, i, all) => all.indexOf(c) === i);

/** Surnames for bosses. */
export const evalSurnames = [...'赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章'];
export const evalGiven = [...'子涵浩然梓轩雨桐欣怡一诺思远嘉懿俊杰晓彤国强建华丽娟志明秀英海燕春生'];
