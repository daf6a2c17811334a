import {
  MAX_CONTENT_BYTES,
  byteLength,
  markdown,
  packBlocks,
  type EmployeeMessage,
  type WecomMessagePayload,
} from '../messages/employee-message.js';
import { dayLabel, percent, yuan } from '../messages/format.js';
import { openOpportunityStages } from '../customers/opportunity.model.js';
import { labelOf, opportunityStageLabel, sourceLabel, stageLabel } from './digest-labels.js';
import type { Digest, RepReview, TeamReview } from './review-types.js';

// Renders a Digest as WeCom messages: markdown parts of at most 2048 bytes (server/wecom/README.md §3.3), the team
// summary first, then one block per rep (or per team for the company). Past MAX_PARTS the reps
// shrink to one line each; with a mini-app configured, a card links to the full review.

export const MAX_PARTS = 5;
const PART_HEADER_BYTES = 40;
const MORE = '\n……篇幅所限，完整理单请在小程序“团队”页查看';

const join = (items: readonly string[], sep = '｜') => items.filter(Boolean).join(sep);

function alarmLine(team: TeamReview): string {
  if (!team.alarm.noNewAClass) {
    return '';
  }
  const last = team.alarm.lastNewAClass ? `最近一次：${dayLabel(team.alarm.lastNewAClass)}` : '近30天没有';
  return `<font color="warning">**预警：已连续${team.alarm.days}天没有新增A类客户**（${last}），请分析是意向客户积累不够、工作状态还是其他原因。</font>`;
}

function teamBlock(digest: Digest): string {
  const t = digest.team;
  const f = t.funnel;
  const funnelLine = f.conversion
    .map(
      (c, i) =>
        // Each count is the customers that reached the stage, so each rate is the count over the one before.
        `${i === 0 ? `${stageLabel[c.from]} ${f.reached[c.from]} → ` : ''}${stageLabel[c.to]} ${f.reached[c.to]}（${percent(c.rate)}）`,
    )
    .join(' → ');
  const opps = join(
    openOpportunityStages.map((s) =>
      f.opportunities[s].count
        ? `${opportunityStageLabel[s]} ${f.opportunities[s].count}个 ${yuan(f.opportunities[s].amount)}`
        : '',
    ),
  );
  const fc = t.forecast;
  const forgotten = join(Object.entries(t.forgotten).map(([d, n]) => `${d}天+ ${n}`));
  return [
    `# 理单日报 · ${digest.scope.name} · ${dayLabel(digest.date)}`,
    `**今日**：跟进 ${t.totals.followUps} 条（有效 ${t.totals.valid} / 套话 ${t.totals.filler}）｜新线索 ${t.totals.newLeads}｜认领 ${t.totals.claims}｜释放 ${t.totals.releases}｜掉保 ${t.totals.drops}｜新增A类 ${t.totals.newAClass}`,
    `**A类客户** ${t.totals.aClass}｜**明天掉保** ${t.totals.droppingTomorrow}｜**撞单** ${t.totals.conflicts}｜**库容** ${t.totals.capacityUsed}/${t.totals.capacityLimit}`,
    alarmLine(t),
    `**漏斗**（到过各阶段的客户）：${funnelLine}`,
    `**在途商机**：${opps || '无'}｜赢单率 ${percent(f.winRate)}（${f.won}赢/${f.lost}输）`,
    `**业绩预测**：下月 ${fc.nextMonth.count}个 ${yuan(fc.nextMonth.amount)}，预计 ${yuan(fc.nextMonth.expected)}｜下季度 ${fc.nextQuarter.count}个 ${yuan(fc.nextQuarter.amount)}，预计 ${yuan(fc.nextQuarter.expected)}${fc.overdue.count ? `｜逾期未成交 ${fc.overdue.count}个` : ''}`,
    `**遗忘客户**（未联系）：${forgotten}`,
  ]
    .filter(Boolean)
    .join('\n');
}

function leadsText(r: RepReview): string {
  const sources = Object.entries(r.newLeads.bySource)
    .map(([s, n]) => `${labelOf(sourceLabel, s)}${n}`)
    .join('、');
  return `新线索 ${r.newLeads.total}${sources ? `（${sources}）` : ''}`;
}

function repLine(r: RepReview): string {
  return join([
    `**${r.name}**`,
    `跟进 ${r.followUps.total}（有效 ${r.followUps.valid}）`,
    `A类 ${r.aClass.length}`,
    `新A ${r.newAClass}`,
    `认领 ${r.claims}`,
    `掉保 ${r.drops}`,
    `明天掉保 ${r.droppingTomorrow.length}`,
    `库容 ${r.capacity.used}/${r.capacity.limit}`,
  ]);
}

function repBlock(r: RepReview): string {
  const moves = (label: string, list: RepReview['upgrades']) =>
    list.length ? `${label}：${list.map((m) => `${m.name} ${m.from ?? '未定级'}→${m.to ?? '未定级'}`).join('、')}` : '';
  const aLines = r.aClass
    .slice(0, 5)
    .map(
      (a) =>
        `> ${join([
          a.name,
          labelOf(stageLabel, a.stage),
          a.opportunity ? `${labelOf(opportunityStageLabel, a.opportunity.stage)} ${yuan(a.opportunity.amount)}` : '',
          a.daysQuiet > 0 ? `${a.daysQuiet}天未有效跟进` : '今天有跟进',
          a.lastNote,
        ])}`,
    );
  const forgotten = Object.entries(r.forgotten)
    .filter(([, n]) => n > 0)
    .map(([d, n]) => `${d}天+ ${n}`)
    .join(' ');
  return [
    `### ${r.name}`,
    join([
      `跟进 ${r.followUps.total}（有效 ${r.followUps.valid} / 套话 ${r.followUps.filler}）`,
      leadsText(r),
      `认领 ${r.claims} 释放 ${r.releases} 掉保 ${r.drops}${r.received ? ` 分配 ${r.received}` : ''}`,
      `库容 ${r.capacity.used}/${r.capacity.limit}${r.capacity.staked ? ` 占坑 ${r.capacity.staked}/${r.capacity.stakeLimit}` : ''}`,
    ]),
    moves('升级', r.upgrades),
    moves('掉级', r.downgrades),
    r.aClass.length ? `A类客户（${r.aClass.length}）：` : 'A类客户：无',
    ...aLines,
    r.aClass.length > 5 ? `> ……另有 ${r.aClass.length - 5} 个` : '',
    r.droppingTomorrow.length
      ? `<font color="warning">明天掉保：${r.droppingTomorrow
          .slice(0, 5)
          .map((c) => c.name)
          .join('、')}${r.droppingTomorrow.length > 5 ? ` 等${r.droppingTomorrow.length}个` : ''}</font>`
      : '',
    join([r.conflicts ? `撞单 ${r.conflicts}` : '', forgotten ? `遗忘客户 ${forgotten}` : '']),
  ]
    .filter(Boolean)
    .join('\n');
}

function teamRowLine(row: Digest['teams'][number]): string {
  const t = row.review.totals;
  return join([
    `**${row.name}**（${row.review.reps}人）`,
    `跟进 ${t.followUps}（有效 ${t.valid}）`,
    `新A ${t.newAClass}`,
    `掉保 ${t.drops}`,
    `明天掉保 ${t.droppingTomorrow}`,
    `库容 ${t.capacityUsed}/${t.capacityLimit}`,
    row.review.alarm.noNewAClass ? `<font color="warning">${row.review.alarm.days}天无新A</font>` : '',
  ]);
}

function numbered(parts: string[]): string[] {
  return parts.length === 1 ? parts : parts.map((p, i) => (i === 0 ? p : `（续 ${i + 1}/${parts.length}）\n${p}`));
}

export function digestCard(digest: Digest, miniappAppId: string): WecomMessagePayload {
  const t = digest.team;
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      source: { desc: '理单日报' },
      main_title: {
        title: `${digest.scope.name} ${dayLabel(digest.date)}理单`,
        desc: t.alarm.noNewAClass ? `已连续${t.alarm.days}天没有新增A类客户` : '',
      },
      emphasis_content: { title: String(t.totals.valid), desc: '今日有效跟进' },
      horizontal_content_list: [
        { keyname: 'A类客户', value: String(t.totals.aClass) },
        { keyname: '明天掉保', value: String(t.totals.droppingTomorrow) },
        { keyname: '下月预测', value: yuan(t.forecast.nextMonth.expected) },
      ],
      card_action: { type: 2, appid: miniappAppId, pagepath: `pages/team/index?date=${digest.date}` },
    },
  };
}

/** The messages of one digest for its recipient, with deterministic ids per recipient and day. */
export function renderDigest(
  digest: Digest,
  toUserId: string,
  options: { miniappAppId?: string } = {},
): EmployeeMessage[] {
  const limit = MAX_CONTENT_BYTES - PART_HEADER_BYTES - byteLength(MORE);
  const head = teamBlock(digest);
  const company = digest.scope.kind === 'company';
  let parts = packBlocks([head, ...(company ? digest.teams.map(teamRowLine) : digest.reps.map(repBlock))], limit);
  if (parts.length > MAX_PARTS && !company) {
    parts = packBlocks([head, ...digest.reps.map(repLine)], limit);
  }
  if (parts.length > MAX_PARTS) {
    parts = parts.slice(0, MAX_PARTS);
    parts[MAX_PARTS - 1] += MORE;
  }
  const messages: EmployeeMessage[] = numbered(parts).map((content, i) => ({
    id: `digest:${toUserId}:${digest.date}:${i + 1}`,
    toUserId,
    kind: 'digest',
    payload: markdown(content),
  }));
  if (options.miniappAppId) {
    messages.push({
      id: `digest:${toUserId}:${digest.date}:card`,
      toUserId,
      kind: 'digest',
      payload: digestCard(digest, options.miniappAppId),
    });
  }
  return messages;
}
