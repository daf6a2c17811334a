import { AppError, type ErrorCode } from '../../models/shared/app-error.js';

// Every WeCom errcode becomes an AppError. The retry class tells the client (and the workers above
// it) what to do: refresh the token once, back off, stop (configuration), or give up (permanent).

export type RetryClass = 'token' | 'config' | 'rate' | 'transient' | 'permanent';

interface ErrcodeRule {
  code: ErrorCode;
  retry: RetryClass;
  message: string;
}

const rule = (code: ErrorCode, retry: RetryClass, message: string): ErrcodeRule => ({ code, retry, message });

const config = (message: string) => rule('WECOM_CONFIG_ERROR', 'config', message);

const errcodes: Record<number, ErrcodeRule> = {
  [-1]: rule('WECOM_UNAVAILABLE', 'transient', '企业微信系统繁忙，请稍后重试'),
  40001: config('企业微信应用 Secret 无效或与企业ID不匹配（或应用已停用），请检查 WECOM_SECRET'),
  40013: config('企业微信企业ID无效，请检查 WECOM_CORP_ID'),
  40091: config('企业微信 Secret 不属于该企业，请检查 WECOM_SECRET'),
  40014: rule('WECOM_API_ERROR', 'token', '企业微信 access_token 无效'),
  42001: rule('WECOM_API_ERROR', 'token', '企业微信 access_token 已过期'),
  41001: rule('WECOM_API_ERROR', 'token', '缺少企业微信 access_token'),
  45009: rule('WECOM_RATE_LIMITED', 'rate', '企业微信接口调用超过频率限制，稍后会自动重试'),
  45033: rule('WECOM_RATE_LIMITED', 'rate', '企业微信接口并发调用超过限制，稍后会自动重试'),
  60020: config('服务器 IP 不在企业微信应用的可信 IP 列表中'),
  48002: config('该企业微信应用没有调用此接口的权限（请在“客户联系→可调用接口的应用”中添加）'),
  40056: config('企业微信应用 AgentId 无效，请检查 WECOM_AGENT_ID'),
  48009: config('该企业微信应用没有客户联系权限'),
  60011: rule('WECOM_API_ERROR', 'permanent', '成员或部门不在应用的可见范围内'),
  40003: rule('WECOM_USER_NOT_FOUND', 'permanent', '企业微信成员不存在'),
  60111: rule('WECOM_USER_NOT_FOUND', 'permanent', '企业微信成员不存在'),
  60003: rule('WECOM_API_ERROR', 'permanent', '企业微信部门不存在'),
  40096: rule('WECOM_EXTERNAL_USER_INVALID', 'permanent', '外部联系人ID无效'),
  84061: rule('WECOM_NOT_FRIEND', 'permanent', '成员与该客户不存在好友关系'),
  41054: rule('WECOM_API_ERROR', 'permanent', '成员尚未激活或未实名认证'),
  40029: rule('WECOM_CODE_INVALID', 'permanent', '登录凭证无效或已使用，请重新进入小程序'),
  40097: rule('WECOM_API_ERROR', 'permanent', '该成员尚未离职，不能做离职继承'),
  40128: rule('WECOM_TRANSFER_LIMIT', 'permanent', '该客户 90 天内已被转接 2 次，暂不能再转接'),
  40129: rule('WECOM_TRANSFER_IN_PROGRESS', 'permanent', '该客户正在转接中'),
  40130: rule('WECOM_API_ERROR', 'permanent', '原跟进人与接手成员不能是同一人'),
  40131: rule('WECOM_NOT_FRIEND', 'permanent', '原跟进人与该客户不是好友'),
  81013: rule('WECOM_USER_NOT_FOUND', 'permanent', '消息接收人无效'),
  44004: rule('VALIDATION_FAILED', 'permanent', '消息内容为空'),
  45002: rule('VALIDATION_FAILED', 'permanent', '消息内容超过长度限制'),
  40058: rule('VALIDATION_FAILED', 'permanent', '企业微信接口参数不合法'),
};

/**
 * The AppError for a WeCom errcode, with the errcode in its details. WeCom's errmsg stays in the cause
 * (for logs) and never in details: it names the server's outbound address and hint ids, and details
 * reach API callers.
 */
export function wecomError(errcode: number, errmsg: string, api: string): AppError {
  const found = errcodes[errcode] ?? rule('WECOM_API_ERROR', 'permanent', `企业微信接口返回错误（${errcode}）`);
  return new AppError(found.code, found.message, {
    details: { errcode, api, retry: found.retry },
    cause: new Error(`WeCom ${api} errcode ${errcode}: ${errmsg}`),
  });
}

export function retryClassOf(errcode: number): RetryClass {
  return errcodes[errcode]?.retry ?? 'permanent';
}

/** A network failure, timeout or 5xx: WeCom could not answer. */
export function wecomUnavailable(api: string, reason: string, cause?: unknown): AppError {
  return new AppError('WECOM_UNAVAILABLE', '暂时无法连接企业微信，稍后会自动重试', {
    details: { api, reason, retry: 'transient' },
    cause,
  });
}

/** Whether a failed call is worth trying again later (outages, rate limits), as opposed to a permanent refusal. */
export function isRetryableWecomError(error: unknown): boolean {
  if (!(error instanceof AppError)) {
    return true; // unknown failures (database hiccups, bugs) get the benefit of the doubt
  }
  const retry = error.details?.retry;
  return (
    retry === 'transient' ||
    retry === 'rate' ||
    retry === 'config' ||
    retry === 'token' ||
    error.code === 'WECOM_UNAVAILABLE' ||
    error.code === 'WECOM_RATE_LIMITED' ||
    error.code === 'CONFLICT'
  );
}

/** What a failed event or message keeps as its last error: an AppError's code, message and details. */
export function failureText(error: unknown): string {
  return error instanceof AppError
    ? `${error.code}: ${error.message} ${JSON.stringify(error.details ?? {})}`
    : String(error);
}
