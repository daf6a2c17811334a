const w = (words: string): string[] => words.split(' ');

// The evaluation's own vocabularies, written from B2B sales practice, not from the quality rules.
// Each list is split in halves (dev / held-out) by `half()`, so the frozen held-out part uses words
// the development part never shows.

export interface Industry {
  name: string;
  products: string[];
  needs: string[];
}

export const industries: Industry[] = [
  {
    name: '连锁餐饮',
    products: w('门店收银系统 扫码点餐小程序 中央厨房排产软件 会员营销平台'),
    needs: w('新开的12家门店要统一会员积分 外卖和堂食的库存要打通 晚高峰出餐慢想做后厨显示屏'),
  },
  {
    name: '医疗器械',
    products: w('超声探头 一次性穿刺针 手术室净化机组 冷链配送服务'),
    needs: w('二季度要换一批耗材供应商 科室想先试用两台样机 要过医院设备科的招标流程'),
  },
  {
    name: '制造业',
    products: w('MES生产执行系统 工业相机 数控刀具 设备预测性维护平台'),
    needs: w('二号车间的良品率要从92%提到97% 老设备要加装传感器采集数据 想把纸质工单改成扫码报工'),
  },
  {
    name: '教育培训',
    products: w('在线直播课堂 排课教务系统 智慧黑板 题库SaaS'),
    needs: w('秋季班要扩到30个校区 家长端要能看到课消记录 老师排课冲突太多需要自动排课'),
  },
  {
    name: '物流',
    products: w('TMS运输管理系统 冷藏车租赁 仓储WMS 车载GPS终端'),
    needs: w('华东线路的空驶率太高 双十一前要新增两个前置仓 司机对账要从月结改成周结'),
  },
  {
    name: '房地产',
    products: w('案场客户管理系统 智能门禁 VR看房服务 物业收费系统'),
    needs: w('三个新盘开盘要统一拓客渠道 老小区门禁要改人脸识别 物业费收缴率想提到90%以上'),
  },
  {
    name: '零售快消',
    products: w('经销商订货平台 导购企微助手 电子价签 动销数据分析'),
    needs: w('经销商订货还在用微信接龙 导购离职后客户总是带走 要看每个终端的周动销'),
  },
  {
    name: '金融保险',
    products: w('双录质检系统 理财经理工作台 保单管理SaaS 智能外呼'),
    needs: w('监管要求双录抽检比例提高 理财经理要合规地加客户企微 续期保单提醒要自动化'),
  },
  {
    name: '汽车后市场',
    products: w('维修门店管理系统 轮胎批发 车险续保工具 配件电商平台'),
    needs: w('40家加盟店要统一工单 配件库存周转太慢 续保客户流失率高'),
  },
  {
    name: '企业服务',
    products: w('电子合同 企业网盘 视频会议终端 人事薪酬SaaS'),
    needs: w('法务审合同周期太长 分公司文件共享很乱 月底算薪要三天想压到半天'),
  },
];

// Surname + a title or role, as reps address people.
export const titles = w(
  '总 经理 主任 工 女士 先生 老师 科长 处长 店长 厂长 院长 主管 总监 部长 姐 哥 秘书 董 助理 会计 老板 所长 校长 行长 馆长 站长 队长',
);

// Roles without a name: who a rep often reaches first.
export const roles = w(
  '采购负责人 财务 法务 对接人 IT负责人 CTO 运营总监 店长 设备科科长 HR负责人 老板 老板娘 技术负责人 总经理助理 采购部 行政主管 信息科主任 项目经理 CFO 厂办主任',
);

export const englishNames = w(
  'Kevin Linda Tony Amy Jason Cherry Eric Vivian Frank Grace Leo Sandy Peter Helen Jack Iris Michael Coco David Wendy',
);

export const bracketRoles = w('IT主管 采购 财务总监 店长 项目负责人 法务 运维 副总 行政 厂长');

// Names stored on a customer's contact list that look like no pattern: nicknames, remarks.
export const storedContactNames = w('阿杰 晓燕 大刘 春梅 海波 丽丽 建国 秀英 志刚 美玲 阿强 红霞');

// Ways the contact happened.
export const visitVerbs = w('上门拜访了 去现场见了 到对方公司见了 陪技术去见了 在展会上见到了 约了');
export const callVerbs = w('电话沟通了 打电话给 视频会议和 企微语音联系了 给 微信上联系了');

// Concrete substance.
export const amounts = w(
  '预算大概30万 报价12.8万元 首批采购200台 需要50个账号 单价谈到每套3800元 年框金额在80万左右 一期先上8家门店 订单量每月大约3000单 押金2万 三年服务费合计45万 样机两台 预计采购1500件',
);
export const objections = w(
  '觉得我们价格比竞品贵了15% 担心数据迁移会影响业务 现在的供应商合同还没到期 老板对上云有顾虑 觉得实施周期太长 对售后响应时间有要求 担心员工不会用 要求先出等保证明',
);
export const decisions = w(
  '老板已经同意立项 确定走公开招标 口头确认下单 决定先试点一个区域 预算已经批下来了 采购流程已经提交 同意签三年框架 决定放到下半年再启动',
);
export const documents = w('报价单 产品手册 方案PPT 合同草稿 案例集 技术白皮书 试用账号 对比表 样品 资质文件');

// Next steps and dates in many forms.
export const nextActions = w(
  '发正式报价 安排产品演示 带技术上门做调研 寄样品过去 出合同初稿 约老板面谈 开通试用账号 提交投标文件 组织一次线上培训 确认付款方式 回访使用情况 发改版方案',
);
export const nextTimes = w(
  '下周三 周五前 12号 3月15日 月底前 明天上午 后天下午 下周一上午10点 本周内 15号左右 下个月初 两周后 4.20 周四下午两点 国庆节后 下周 2027-01-08 三天后 月中 本月25日',
);

// Honest negative outcomes, each with its reason and when to come back.
export const negativeOutcomes = w('今年不换供应商 暂时不考虑采购 这期项目选了别家 预算砍掉了今年不做 决定先用自研系统');
export const negativeReasons = w(
  '刚和现在的供应商续了两年 集团统一采购轮不到他们 老板更看重价格我们高了20% 疫情后门店收缩了一半 技术团队自己能开发 总部要求用国产替代名单里的产品',
);
export const returnTimes = w(
  '明年6月合同到期前 下季度预算会上 明年3月 年后 9月份招标前 半年后 11月做明年预算时 下半年',
);

// Stock filler reps type instead of information.
export const fillers = w(
  '继续跟进 保持联系 暂无意向 保持互动 客户在考虑 有需要再联系 再看看 持续跟进中 维护客情 等客户回复 正常沟通 还在考虑中 后续再说 沟通中 跟进中 保持关注 再沟通 看情况 客户说再考虑考虑 暂时没需求',
);
export const vagueTimes = w('下周 过几天 改天 回头 之后 有空 后面 明天');
export const laughter = w('哈哈哈哈哈哈 呵呵呵呵 嘿嘿嘿 嗯嗯嗯嗯嗯 啊啊啊啊 哈哈 嘻嘻嘻嘻');
export const emoji = w('😂😂😂😂 👍👍👍 🙏🙏🙏🙏🙏 😊😊😊 [微笑][微笑][微笑] [强][强] ~~~~~~ 。。。。。。');
export const tooShort = w('已联系 打了电话 聊了 ok 已沟通 拜访 电话 发了 好 见了面 已发 在谈');
