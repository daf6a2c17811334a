// Word lists of the follow-up check. Kept apart from the logic so the rules read as mechanisms; kept as
// space-separated strings so one line holds many words.

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

// Common Chinese surnames (百家姓 and the most frequent modern ones), compound surnames included.
const surnameText = `
王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋
蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷
侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章
鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆
蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑
景 党 宫 费 卜 冷 晏 席 卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞
敖 巩 明 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠 惠 荆 乐 冀 郁 胥 南 班 储 原 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼 盘 满 闻 位
厉 伊 仝 区 郜 海 阚 花 权 强 帅 屠 豆 朴 盖 练 廉 禹 井 祖 漆 巴 丰 支 卿 国 狄 平 计 索 宣 晋 相 初 门 云 容 敬 来 扈 晁
芮 都 普 阙 浦 戈 伏 鹿 薄 邸 雍 辜 羊 阿 乌 母 裘 亓 修 邰 赫 杭 况 那 宿 鲜 印 逯 隆 茹 诸 战 慕 危 玉 银 亢 嵇 公 哈 湛
宾 戎 勾 茅 利 於 呼 居 揭 干 但 尉 冶 斯 元 束 檀 衣 信 展 阴 昝 智 幸 奉 植 衡 富 尧 闭 由 贝 钮 雪 蔚 卢 卜 牧 夔 隗 钭
欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 申屠 令狐 轩辕 端木 南宫 西门 独孤 百里 呼延 东郭 闻人
`;
export const surnames = new Set(words(surnameText));
// Surnames that are far more often ordinary words (和, 但, 来, 信): a name starting with one needs a title.
const ambiguous = new Set(
  words(`和 但 由 那 来 都 干 於 信 能 向 于 从 应 全 单 时 相 初 明 门 平 国 原 位 区 权 强 车 展 元 计 公 利 居 斯 满
  支 容 普 阿 母 修 宿 印 危 哈 呼 衣 阴 智 幸 奉 植 富 闭 官 封 谈 南 皮 巴 成 海 花 战 连`),
);
export const nameSurnames = new Set([...surnames].filter((s) => !ambiguous.has(s)));
export const compoundSurnames = words(surnameText).filter((s) => s.length === 2);

// Titles and forms of address that follow a surname: 王总, 刘工, 张女士, 陈老师.
export const titlesAfterSurname = words(`
总经理 副总经理 董事长 副总 总监 总裁 总工 经理 主任 主管 主席 书记 局长 处长 科长 院长 校长 所长 行长 馆长 站长 队长
部长 厂长 店长 园长 组长 班长 社长 老板 老师 教授 博士 医生 律师 会计 助理 秘书 专员 顾问 工程师 女士 先生 小姐
太太 阿姨 师傅 总 工 董 姐 哥 叔 sir 负责人 对接人 采购 财务 法务
`);

// Roles on the buying side that name who was reached even without a name.
export const roleWords = words(`
负责人 对接人 联系人 决策人 创始人 合伙人 法人 股东 老板 老板娘 老总 总经理 副总 总监 董事长 采购 财务 法务 行政 人事
前台 技术负责人 项目经理 产品经理 店长 厂长 院长 校长 园长 主任 科长 处长 部长 局长 经理 主管 CEO CTO CFO COO CIO HR
VP KP 老师 医生 秘书 助理 会计 出纳 工程师 运维 信息科 设备科 采购部 财务部 法务部 技术部 设备部
`);

// Words that look like a name but are not: 小时, 小程序, 老家.
export const notNames = words(`
小时 小于 小程序 小组 小区 小米 小型 小微 小康 小吃 小费 小学 小批量 小范围 小规模 小时候 老家 老公 老化 老乡 老款 老品
老客户 老用户 老系统 老设备 老机器 老版本 老小区 老样子 老问题 老厂 老店 施工 高工资 方总结 万元 万块 万台
`);

// Stock phrases that say nothing about the customer, found anywhere in a note. Longer ones first.
export const fillerPhrases = words(`
暂时没有意向 暂时没意向 目前没有意向 没什么意向 意向不大 意向不明确 暂无意向 没有意向 无意向 没意向 有意向 暂无需求
暂时没需求 没有需求 持续跟进中 继续跟进 持续跟进 保持跟进 后续跟进 后期跟进 再跟进 跟进中 跟进一下 待跟进 正常跟进
常规跟进 跟进跟进 保持互动 保持联系 保持沟通 保持关注 持续关注 维护关系 维护客情 关系维护 日常维护 日常沟通 正常沟通
简单沟通 沟通一下 沟通了一下 沟通了下 沟通中 聊了一下 聊了聊 聊了下 聊得还行 有空再聊 改天再聊 过几天再说 过段时间再说
以后再说 后续再说 先这样 再联系 再沟通 再说 待定 考虑考虑 考虑一下 考虑中 在考虑 再考虑 会考虑 研究研究 商量一下
再看看 看看情况 看情况 老样子 等通知 等回复 等消息 等客户回复 等待客户反馈 等待反馈 没回复 未回复 不回复 没回消息
未接通 没接通 没人接 无人接听 电话没接 没接电话 不接电话 客户在忙 客户很忙 比较忙 在开会 了解一下 了解客户需求
做好服务 已联系 联系了 已沟通 沟通了 已回访 回访了 已跟进 发了资料 已发资料 同上 如上 暂无 无进展 没进展 暂时没有进展
还在对比 有需要会联系 有需要再联系 有需要 知道了 挺好的 还行 交流愉快 一般 正常 好的 收到 已读 ok
`).sort((a, b) => b.length - a.length);

// Words that carry no fact on their own: function words, pronouns, channels, vague verbs.
export const emptyWords = new Set(
  words(`
的 了 是 在 和 与 跟 及 并 但 而 或 也 都 就 还 又 再 很 太 更 最 才 刚 先 把 被 让 给 对 向 从 到 于 为 以 之 其 这 那
这个 那个 这边 那边 这次 一下 一些 一点 有点 比较 可能 应该 已经 一直 还是 目前 暂时 现在 今天 昨天 刚才 上午 下午
晚上 我 我们 你 你们 他 她 他们 她们 对方 客户 客户方 双方 说 讲 问 表示 反馈 回复 觉得 感觉 认为 电话 微信 企微 消息
语音 视频 沟通 联系 拜访 见 见了 见面 聊 聊了 打 打了 打电话 回 回访 跟进 情况 事情 问题 方面 东西 有 没有 无 不 没
会 要 能 可以 吧 呢 啊 哦 呀 嘛 吗 嗯 哈 呵 嘿 去 来 看 看看 下 中 里 上 一 个 次 位 怎么样 怎么 什么 如何 这样 那样
好 行 挺 等 后 前 说明 其他 所以 因为 如果 一起 今年 本周 这周 下周 明天 后天 一趟 一次 已 就是 还有 然后 之后 后面
`),
);

// Verbs and nouns that state a fact about the deal: a need, an objection, a decision, a document.
export const signalWords = {
  need: words(
    `需要 需求 想要 想做 想上 想换 要求 希望 痛点 关心 关注 重点 计划 打算 准备上 要做 要上 要换 扩张 升级 改造 问了`,
  ),
  objection: words(
    `担心 顾虑 嫌 贵 太贵 偏贵 异议 不满 不满意 投诉 竞品 竞争对手 别家 对比 比较贵 价格高 便宜 风险 太长 太慢 有意见`,
  ),
  decision:
    words(`确认 确定 同意 决定 批准 批了 批下来 立项 下单 签约 签了 签字 签合同 定了 选了 选定 通过 中标 开标 招标 采购流程
    拍板 认可 接受 不换 不做 不上 不续 不考虑 放弃 砍掉 冻结 暂停 推迟 收购 续签 续费 付款 打款 回款 开票 到货 上线 验收 部署`),
  document:
    words(`报价 报价单 方案 合同 协议 手册 资料 案例 白皮书 样品 样机 试用 账号 对比表 清单 PPT 文档 演示 demo 发票 PO
    标书 投标 资质 参数 配置 测试报告 测算 截图 设计稿 演讲稿 接口文档 部署文档`),
  // Commercial terms under negotiation: price concessions, lead times, payment terms.
  terms: words(
    `折扣 打折 特价 优惠 降价 砍价 让利 底价 单价 账期 交期 货期 工期 分期 月结 预付款 首付款 尾款 运费 质保 质保期`,
  ),
  // After-sales facts: a fault, its fix, a service visit.
  service: words(`售后 故障 报警 维修 维保 保修 更换 换新 修复 修好 排查 调试 检测 巡检 误报 异响 漏油 停机`),
  // Where the contact is and when they are back, which decides when the deal can move.
  availability: words(`出差 外地 休假 请假 看展 出国 国外 住院 产假 年假 不在公司`),
};

// Units that make a number concrete: 30万, 200台, 15%, 3个分公司.
export const unitPattern =
  '(?:万元|万|千|百|亿|元|块|台|套|个|人|名|家|件|箱|条|份|张|把|辆|吨|平米|平方|平|坐席|账号|门店|店|校区|' +
  '分公司|仓|线|号|页|次|天|周|个月|月|年|小时|分钟|点|%|％|k|w|G|核)';

// A note cannot be all laughter or interjection.
export const laughterChars = '哈呵嘿嘻嗯啊哦噢呀唉嗷啦';
