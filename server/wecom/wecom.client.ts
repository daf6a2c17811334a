import { AppError } from '../../models/shared/app-error.js';
import type { WecomMessagePayload } from '../../models/messages/employee-message.js';
import { WecomTransport, type WecomClientOptions } from './wecom-transport.js';
import type {
  ContactsByUserPage,
  ExternalContactDetail,
  FollowUserInfo,
  SendMessageAnswer,
  TransferResultPage,
  TransferStartAnswer,
  UnassignedPage,
  WecomDepartment,
  OAuthUserInfo,
  WecomSession,
  WecomUser,
} from './wecom.types.js';

// The one wrapper around the WeCom server API (STYLE.md §7): the calls the product makes, over the
// transport (wecom-transport.ts: base URL, access-token cache, retries and errcode → AppError).
// Nothing else in the product talks HTTP to WeCom.

export type { WecomClientOptions } from './wecom-transport.js';

type TransferStart = { handoverUserId: string; takeoverUserId: string; externalUserIds: string[] };
type TransferQuery = { handoverUserId: string; takeoverUserId: string; cursor?: string };

export class WecomClient extends WecomTransport {
  // --- Customer contact (客户联系) ---

  /** externalcontact/get, following next_cursor so every follow user is returned. */
  async getExternalContact(externalUserId: string): Promise<ExternalContactDetail> {
    let cursor: string | undefined;
    let detail: ExternalContactDetail | undefined;
    const followUsers: FollowUserInfo[] = [];
    do {
      const page = await this.request<ExternalContactDetail & { next_cursor?: string }>('GET', '/externalcontact/get', {
        query: { external_userid: externalUserId, cursor },
      });
      detail ??= page;
      followUsers.push(...(page.follow_user ?? []));
      cursor = page.next_cursor || undefined;
    } while (cursor);
    return { external_contact: detail.external_contact, follow_user: followUsers };
  }

  /** externalcontact/batch/get_by_user: one page of the given members' customers (≤100 members, ≤100 a page). */
  batchGetByUser(userIds: string[], cursor = '', limit = 100): Promise<ContactsByUserPage> {
    return this.request<ContactsByUserPage>('POST', '/externalcontact/batch/get_by_user', {
      body: { userid_list: userIds, cursor, limit },
    }).then((page) => ({
      external_contact_list: page.external_contact_list ?? [],
      next_cursor: page.next_cursor ?? '',
    }));
  }

  async listExternalContacts(userId: string): Promise<string[]> {
    return (
      (
        await this.request<{ external_userid?: string[] }>('GET', '/externalcontact/list', {
          query: { userid: userId },
        })
      ).external_userid ?? []
    );
  }

  async getFollowUserList(): Promise<string[]> {
    return (
      (await this.request<{ follow_user?: string[] }>('GET', '/externalcontact/get_follow_user_list')).follow_user ?? []
    );
  }

  /** 在职继承: starts transfers (each customer's errcode 0 = started; WeCom completes them after 24 h). */
  transferCustomer(input: TransferStart & { successMessage?: string }): Promise<TransferStartAnswer> {
    return this.startTransfer('/externalcontact/transfer_customer', input, {
      ...(input.successMessage ? { transfer_success_msg: input.successMessage } : {}),
    });
  }

  transferResult(input: TransferQuery): Promise<TransferResultPage> {
    return this.transferPage('/externalcontact/transfer_result', input);
  }

  /** 离职继承: the handover member must have left the company. */
  resignedTransferCustomer(input: TransferStart): Promise<TransferStartAnswer> {
    return this.startTransfer('/externalcontact/resigned/transfer_customer', input, {});
  }

  resignedTransferResult(input: TransferQuery): Promise<TransferResultPage> {
    return this.transferPage('/externalcontact/resigned/transfer_result', input);
  }

  private startTransfer(path: string, input: TransferStart, extra: Record<string, string>) {
    return this.request<TransferStartAnswer>('POST', path, {
      body: {
        handover_userid: input.handoverUserId,
        takeover_userid: input.takeoverUserId,
        external_userid: input.externalUserIds,
        ...extra,
      },
    });
  }

  private transferPage(path: string, input: TransferQuery) {
    return this.request<TransferResultPage>('POST', path, {
      body: {
        handover_userid: input.handoverUserId,
        takeover_userid: input.takeoverUserId,
        cursor: input.cursor ?? '',
      },
    });
  }

  getUnassignedList(input: { cursor?: string; pageSize?: number } = {}): Promise<UnassignedPage> {
    return this.request<UnassignedPage>('POST', '/externalcontact/get_unassigned_list', {
      body: { cursor: input.cursor ?? '', page_size: input.pageSize ?? 1000 },
    });
  }

  // --- App messages, mini-program login, organisation ---

  /**
   * message/send to one member. WeCom's duplicate check is on, so a retry after a timeout (when WeCom
   * may already have delivered) is not delivered twice.
   */
  sendMessage(toUserId: string, message: WecomMessagePayload): Promise<SendMessageAnswer> {
    if (this.agentId === undefined) {
      return Promise.reject(new AppError('WECOM_CONFIG_ERROR', '未配置企业微信应用 AgentId'));
    }
    return this.request<SendMessageAnswer>('POST', '/message/send', {
      body: {
        touser: toUserId,
        agentid: this.agentId,
        ...message,
        enable_duplicate_check: 1,
        duplicate_check_interval: 14_400,
      },
    });
  }

  /** miniprogram/jscode2session: the code from wx.qy.login → the member. The session_key stays on the server. */
  jscode2session(code: string): Promise<WecomSession> {
    return this.request<WecomSession>('GET', '/miniprogram/jscode2session', {
      query: { js_code: code, grant_type: 'authorization_code' },
    });
  }

  /**
   * auth/getuserinfo: the code of WeCom web login (扫码登录) or of OAuth in WeCom's browser → the member.
   * A visitor who is not a member of the corp answers without userid (openid / external_userid only).
   */
  getUserInfoByCode(code: string): Promise<OAuthUserInfo> {
    return this.request<OAuthUserInfo>('GET', '/auth/getuserinfo', { query: { code } });
  }

  /** agent/get_admin_list: the app's administrators (the console's first admins). */
  async listAppAdmins(): Promise<string[]> {
    const answer = await this.request<{ admin?: { userid?: string }[] }>('POST', '/agent/get_admin_list', {
      body: { agentid: this.agentId },
    });
    return (answer.admin ?? []).map((a) => a.userid ?? '').filter(Boolean);
  }

  getUser(userId: string): Promise<WecomUser> {
    return this.request<WecomUser>('GET', '/user/get', { query: { userid: userId } });
  }

  async listDepartments(rootId?: number): Promise<WecomDepartment[]> {
    return (
      (await this.request<{ department?: WecomDepartment[] }>('GET', '/department/list', { query: { id: rootId } }))
        .department ?? []
    );
  }

  /** user/list: the members of a department (and, with fetchChild, its sub-departments). */
  async listUsers(departmentId: number, fetchChild = true): Promise<WecomUser[]> {
    return (
      (
        await this.request<{ userlist?: WecomUser[] }>('GET', '/user/list', {
          query: { department_id: departmentId, fetch_child: fetchChild ? 1 : 0 },
        })
      ).userlist ?? []
    );
  }
}

export function createWecomClient(options: WecomClientOptions): WecomClient {
  return new WecomClient(options);
}
