import { ApiError } from './api-error.generated';
import { env } from './env';

export { ApiError };

// The one request layer of the mini-app: session token handling, login through wx.qy.login, and the
// server's `{error:{code,message,details}}` answers turned into ApiError with the Chinese message.

const TOKEN_KEY = 'scrm.session';
/** Local mode: the member the tester picked, so a new login does not ask again. */
const LOCAL_MEMBER_KEY = 'scrm.localMember';

interface StoredSession {
  token: string;
  expiresAt: string;
}

interface RawAnswer {
  statusCode: number;
  data: unknown;
}

type Method = 'GET' | 'POST';

function send(method: Method, path: string, body: unknown, token: string | null): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const header: Record<string, string> = { 'content-type': 'application/json' };
    if (token) {
      header.authorization = `Bearer ${token}`;
    }
    wx.request({
      url: `${env.apiBase}${path}`,
      method,
      header,
      data: method === 'GET' ? undefined : (body as WechatMiniprogram.IAnyObject),
      dataType: 'json',
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
      fail: () => reject(new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')),
    });
  });
}

function toError(answer: RawAnswer): ApiError {
  const error = (
    answer.data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null
  )?.error;
  return new ApiError(
    answer.statusCode,
    error?.code ?? 'UNKNOWN',
    error?.message ?? `服务器返回错误（${answer.statusCode}）`,
    error?.details ?? {},
  );
}

function storedToken(): string | null {
  const stored = wx.getStorageSync<StoredSession | ''>(TOKEN_KEY);
  if (!stored || !stored.token || Date.parse(stored.expiresAt) <= Date.now()) {
    return null;
  }
  return stored.token;
}

function hasQyLogin(): boolean {
  return typeof (wx as Partial<WechatMiniprogram.Wx>).qy?.login === 'function';
}

function qyCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.qy.login({
      success: (res) => resolve(res.code),
      fail: () => reject(new ApiError(0, 'LOGIN_FAILED', '企业微信登录失败，请在企业微信中打开小程序')),
    });
  });
}

function pickMember(names: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    wx.showActionSheet({
      itemList: names,
      success: (res) => resolve(res.tapIndex),
      fail: () => reject(new ApiError(0, 'LOGIN_FAILED', '请选择要登录的演示成员')),
    });
  });
}

/** Local mode outside WeCom: the member named at build time, the one picked before, or one picked now. */
async function localMember(): Promise<string> {
  const chosen = env.localUserId || wx.getStorageSync<string>(LOCAL_MEMBER_KEY);
  if (chosen) {
    return chosen;
  }
  const answer = await send('GET', '/api/auth/local-members', undefined, null);
  if (answer.statusCode !== 200) {
    throw toError(answer);
  }
  // An action sheet shows at most six entries: the demo corp's reps and managers fit.
  const members = (answer.data as { members: { userId: string; name: string }[] }).members.slice(0, 6);
  const member = members[await pickMember(members.map((m) => m.name))];
  if (!member) {
    throw new ApiError(0, 'LOGIN_FAILED', '请选择要登录的演示成员');
  }
  wx.setStorageSync(LOCAL_MEMBER_KEY, member.userId);
  return member.userId;
}

let loggingIn: Promise<string> | null = null;

/** Logs in (once at a time): wx.qy.login code → POST /api/auth/login → session token in storage. */
export function login(): Promise<string> {
  loggingIn ??= (async () => {
    try {
      // In WeCom: wx.qy.login. In DevTools against a local-mode server: the emulator's code for a demo member.
      const answer =
        (env.localLogin || env.localUserId) && !hasQyLogin()
          ? await send('POST', '/api/auth/local-login', { userId: await localMember() }, null)
          : await send('POST', '/api/auth/login', { code: await qyCode() }, null);
      if (answer.statusCode !== 200) {
        throw toError(answer);
      }
      const session = answer.data as StoredSession;
      wx.setStorageSync(TOKEN_KEY, { token: session.token, expiresAt: session.expiresAt });
      return session.token;
    } finally {
      loggingIn = null;
    }
  })();
  return loggingIn;
}

/** Logs in unless a valid session is stored (at launch, so the first page already has one). */
export async function ensureSession(): Promise<void> {
  if (!storedToken()) {
    await login();
  }
}

export function logout(): void {
  wx.removeStorageSync(TOKEN_KEY);
}

/** Calls the API with the session; logs in first when there is none, and once more when it expired. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let token = storedToken() ?? (await login());
  let answer = await send(method, path, body ?? {}, token);
  if (answer.statusCode === 401) {
    logout();
    token = await login();
    answer = await send(method, path, body ?? {}, token);
  }
  if (answer.statusCode < 200 || answer.statusCode >= 300) {
    throw toError(answer);
  }
  return answer.data as T;
}

/** A query string from the set values, for GET requests. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const parts = Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== null && params[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(params[k]))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : '出错了，请稍后重试';
}
