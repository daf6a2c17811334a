// Shapes of the WeCom server API requests and answers we use (server/wecom/README.md §3), as WeCom spells them.

export interface WecomCredentialsForClient {
  corpId: string;
  secret: string;
  agentId: number;
}

export interface ExternalContactProfile {
  external_userid: string;
  name: string;
  avatar?: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: number;
  gender?: number;
  unionid?: string;
  position?: string;
  corp_name?: string;
  corp_full_name?: string;
}

export interface FollowUserTag {
  group_name?: string;
  tag_name?: string;
  tag_id?: string;
  type: number;
}

export interface FollowUserInfo {
  userid: string;
  remark?: string;
  description?: string;
  createtime?: number;
  tags?: FollowUserTag[];
  /** batch/get_by_user gives tag ids instead of tags. */
  tag_id?: string[];
  remark_corp_name?: string;
  remark_mobiles?: string[];
  oper_userid?: string;
  add_way?: number;
  state?: string;
}

export interface ExternalContactDetail {
  external_contact: ExternalContactProfile;
  follow_user: FollowUserInfo[];
}

export interface ContactsByUserPage {
  external_contact_list: { external_contact: ExternalContactProfile; follow_info: FollowUserInfo }[];
  next_cursor: string;
}

export interface TransferStartAnswer {
  customer: { external_userid: string; errcode: number }[];
}

export interface TransferResultPage {
  customer: { external_userid: string; status: number; takeover_time?: number }[];
  next_cursor: string;
}

export interface UnassignedPage {
  info: { handover_userid: string; external_userid: string; dimission_time: number }[];
  is_last: boolean;
  next_cursor: string;
}

/** The body of an app message without touser/agentid. */
export type AppMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> & { card_type: string } };

export interface SendMessageAnswer {
  invaliduser?: string;
  invalidparty?: string;
  invalidtag?: string;
  unlicenseduser?: string;
  msgid?: string;
  response_code?: string;
}

export interface WecomSession {
  corpid: string;
  userid: string;
  session_key: string;
}

/** A member as user/get and user/list return it: the shape the org sync in models/ consumes. */
export type { WecomMember as WecomUser } from '../../models/wecom/org-sync.js';

export interface WecomDepartment {
  id: number;
  name: string;
  parentid: number;
  order?: number;
}
