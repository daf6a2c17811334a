import type { ExternalContactProfile, FollowUserInfo, WecomUser } from '../wecom.types.js';

// What the emulated corp is made of: members, external contacts with their follow relations,
// transfers, and the corp's credentials.

export interface EmulatorUser extends WecomUser {
  userid: string;
  name: string;
  /** Customer contact (客户联系) enabled: listed by get_follow_user_list. */
  customerContact: boolean;
  /** WeCom's cap on a member's customers; a transfer to a member at the cap ends with status 4. */
  customerLimit?: number;
  dimissionTime?: number;
}

export interface EmulatorFollow extends FollowUserInfo {
  /** The customer deleted the member (del_follow_user): the one-way relation remains. */
  deletedByCustomer?: boolean;
}

export interface EmulatorContact {
  profile: ExternalContactProfile;
  follows: Map<string, EmulatorFollow>;
}

export interface EmulatorTransfer {
  kind: 'onjob' | 'resigned';
  handover: string;
  takeover: string;
  externalUserId: string;
  startedAt: number;
  /** 1 done, 2 waiting, 3 refused by the customer, 4 takeover at its customer limit. */
  status: 1 | 2 | 3 | 4;
  takeoverTime?: number;
}

export interface EmulatorCorp {
  corpId: string;
  secret: string;
  agentId: number;
  /** Callback Token and EncodingAESKey. */
  token: string;
  aesKey: string;
}
