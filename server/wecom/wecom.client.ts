import { createHash } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import type { Logger } from '../../config/logger.js';
import { silentLogger } from '../../config/logger.js';
import { AppError } from '../../models/shared/app-error.js';
import { TokenCache } from './token-cache.js';
import { memoryTokenStore, type TokenStore } from './token-store.js';
import { retryClassOf, wecomError, wecomUnavailable } from './wecom-errors.js';
import type {
  ContactsByUserPage,
  ExternalContactDetail,
  FollowUserInfo,
  SendMessageAnswer,
  TransferResultPage,
  TransferStartAnswer,
  UnassignedPage,
  WecomCredentialsForClient,
  WecomDepartment,
  OAuthUserInfo,
  WecomSession,
  WecomUser,
} from './wecom.types.js';
import type { WecomMessagePayload } from '../../models/messages/employee-message.js';
import { backoffDelay } from '../../models/shared/backoff.js';

// The one wrapper around the WeCom server API (STYLE.md §7): base URL, access-token cache, retries
// and errcode → AppError. Nothing else in the product talks HTTP to WeCom.
//
// Retries inside a call are short: one token refresh on 40014/42001/41001, and a few backed-off tries
// on 5xx, timeouts, -1 and 45009/45033. Longer waits belong to the durable workers above (event
// processor, message sender), which reschedule. Configuration errors (40001/40013/40091, 60020, 48002)
// are never retried here, and a bad secret pauses gettoken so the IP is not blocked.

export interface WecomClientOptions {
  apiBase: string;
  /** Unset: every call fails with WECOM_CONFIG_ERROR (no corp configured). */
  credentials: WecomCredentialsForClient | undefined;
  timeoutMs?: number;
  /** Tries after the first on 5xx/timeouts/rate limits. */
  retries?: number;
  backoffMs?: number;
  configErrorPauseMs?: number;
  tokenStore?: TokenStore;
  log?: Logger;
}

type Query = Record<string, string | number | undefined>;

export class WecomClient {
  readonly corpId: string | undefined;
  readonly agentId: number | undefined;
  private readonly http: AxiosInstance;
  private readonly tokens: TokenCache | null;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly log: Logger;

  constructor(options: WecomClientOptions) {
    this.corpId = options.credentials?.corpId;
    this.agentId = options.credentials?.agentId;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.log = options.log ?? silentLogger;
    this.http = axios.create({
      baseURL: options.apiBase.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 10_000,
      validateStatus: () => true,
      // WeCom answers JSON; never follow redirects elsewhere.
      maxRedirects: 0,
      proxy: false,
      // The server runs on Node: never a browser adapter, even where a DOM is present (page tests under jsdom).
      adapter: 'http',
    });
    const credentials = options.credentials;
    this.tokens = credentials
      ? new TokenCache({
          key: `${credentials.corpId}:${credentials.agentId}:${createHash('sha256').update(credentials.secret).digest('hex').slice(0, 12)}`,
          store: options.tokenStore ?? memoryTokenStore(),
          configErrorPauseMs: options.configErrorPauseMs ?? 10 * 60_000,
          fetchToken: async () => {
            const answer = await this.request<{ access_token: string; expires_in: number }>('GET', '/gettoken', {
              query: { corpid: credentials.corpId, corpsecret: credentials.secret },
              auth: false,
            });
            return { token: answer.access_token, expiresAt: new Date(Date.now() + answer.expires_in * 1000) };
          },
        })
      : null;
  }

  /** A valid access token (fetched once and shared). */
  async accessToken(): Promise<string> {
    if (!this.tokens) {
      throw new AppError('WECOM_CONFIG_ERROR', '未配置企业微信（WECOM_CORP_ID 等），无法调用企业微信接口');
    }
    return this.tokens.get();
  }

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
  transferCustomer(input: {
    handoverUserId: string;
    takeoverUserId: string;
    externalUserIds: string[];
    successMessage?: string;
  }): Promise<TransferStartAnswer> {
    return this.request<TransferStartAnswer>('POST', '/externalcontact/transfer_customer', {
      body: {
        handover_userid: input.handoverUserId,
        takeover_userid: input.takeoverUserId,
        external_userid: input.externalUserIds,
        ...(input.successMessage ? { transfer_success_msg: input.successMessage } : {}),
      },
    });
  }

  transferResult(input: {
    handoverUserId: string;
    takeoverUserId: string;
    cursor?: string;
  }): Promise<TransferResultPage> {
    return this.request<TransferResultPage>('POST', '/externalcontact/transfer_result', {
      body: {
        handover_userid: input.handoverUserId,
        takeover_userid: input.takeoverUserId,
        cursor: input.cursor ?? '',
      },
    });
  }

  /** 离职继承: the handover member must have left the company. */
  resignedTransferCustomer(input: {
    handoverUserId: string;
    takeoverUserId: string;
    externalUserIds: string[];
  }): Promise<TransferStartAnswer> {
    return this.request<TransferStartAnswer>('POST', '/externalcontact/resigned/transfer_customer', {
      body: {
        handover_userid: input.handoverUserId,
        takeover_userid: input.takeoverUserId,
        external_userid: input.externalUserIds,
      },
    });
  }

  resignedTransferResult(input: {
    handoverUserId: string;
    takeoverUserId: string;
    cursor?: string;
  }): Promise<TransferResultPage> {
    return this.request<TransferResultPage>('POST', '/externalcontact/resigned/transfer_result', {
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

  // --- Transport ---

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Query; body?: unknown; auth?: boolean } = {},
  ): Promise<T> {
    const api = path.replace(/^\//, '');
    let tokenRefreshed = false;
    for (let attempt = 0; ; attempt++) {
      const token = options.auth === false ? undefined : await this.accessToken();
      let data: { errcode?: number; errmsg?: string } & Record<string, unknown>;
      try {
        const response = await this.http.request<typeof data>({
          method,
          url: path,
          data: options.body,
          params: { ...options.query, ...(token ? { access_token: token } : {}) },
        });
        if (response.status >= 500) {
          throw wecomUnavailable(api, `HTTP ${response.status}`);
        }
        if (response.status !== 200 || typeof response.data !== 'object' || response.data === null) {
          throw new AppError('WECOM_API_ERROR', `企业微信接口应答异常（HTTP ${response.status}）`, {
            details: { api, status: response.status, retry: 'permanent' },
          });
        }
        data = response.data;
      } catch (error) {
        const failure =
          error instanceof AppError
            ? error
            : wecomUnavailable(api, axios.isAxiosError(error) ? (error.code ?? error.message) : String(error), error);
        if (failure.code === 'WECOM_UNAVAILABLE' && attempt < this.retries) {
          await this.backoff(api, attempt, failure.details?.reason);
          continue;
        }
        throw failure;
      }
      const errcode = data.errcode ?? 0;
      if (errcode === 0) {
        return data as T;
      }
      const failure = wecomError(errcode, data.errmsg ?? '', api);
      const retry = retryClassOf(errcode);
      this.log.warn('wecom answered an error', { api, errcode, errmsg: data.errmsg ?? '' });
      if (retry === 'token' && token && !tokenRefreshed) {
        tokenRefreshed = true;
        this.log.info('wecom token refused, refreshing once', { api, errcode });
        await this.tokens!.invalidate(token);
        continue;
      }
      if ((retry === 'rate' || retry === 'transient') && attempt < this.retries) {
        await this.backoff(api, attempt, errcode);
        continue;
      }
      if (retry === 'config') {
        this.log.error('wecom configuration error: not retrying', { api, errcode });
        if (api === 'gettoken') {
          this.tokens?.pauseAfterConfigError(failure);
        }
      }
      throw failure;
    }
  }

  private async backoff(api: string, attempt: number, reason: unknown): Promise<void> {
    const delay = backoffDelay(attempt + 1, { baseMs: this.backoffMs, spread: [0.75, 1.25] });
    this.log.warn('wecom call failed, backing off', { api, attempt: attempt + 1, reason, delayMs: Math.round(delay) });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export function createWecomClient(options: WecomClientOptions): WecomClient {
  return new WecomClient(options);
}
