import type { WecomContactSnapshot, WecomFollowSnapshot } from '../../models/wecom/upsert-contact.js';
import type { ExternalContactProfile, FollowUserInfo } from './wecom.types.js';

// WeCom's contact shapes → the domain's snapshot (models/wecom/upsert-contact.ts).

export function followSnapshot(info: FollowUserInfo): WecomFollowSnapshot {
  return {
    userId: info.userid,
    remark: info.remark ?? '',
    description: info.description ?? '',
    addWay: info.add_way ?? 0,
    state: info.state ?? '',
    tags: (info.tags ?? [])
      .map((t) => t.tag_name ?? t.tag_id ?? '')
      .filter(Boolean)
      .concat(info.tag_id ?? []),
    addedAt: info.createtime ? new Date(info.createtime * 1000) : null,
    remarkMobiles: (info.remark_mobiles ?? []).filter(Boolean),
    remarkCorpName: info.remark_corp_name ?? '',
  };
}

export function contactSnapshot(profile: ExternalContactProfile, follows: FollowUserInfo[]): WecomContactSnapshot {
  return {
    externalUserId: profile.external_userid,
    name: profile.name,
    type: profile.type,
    unionId: profile.unionid || undefined,
    corpName: profile.corp_full_name || profile.corp_name || '',
    position: profile.position ?? '',
    followUsers: follows.map(followSnapshot),
  };
}
