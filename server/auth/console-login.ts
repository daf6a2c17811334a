import { sessionStillValid } from '../../models/org/sessions.js';
import { EmployeeModel, type Employee } from '../../models/org/employee.model.js';
import { consolePagesFor } from '../../models/console/console-pages.js';
import { AppError } from '../../models/shared/app-error.js';
import type { WecomClient } from '../wecom/wecom.client.js';

// The console's login: a WeCom web-login or OAuth code → auth/getuserinfo → the same employee the
// mini-app logs in as (by WeCom userid). Visitors who are not corp members, unknown or resigned
// employees, and reps (the console is for managers, ops and admins) are refused.

export async function consoleEmployeeForCode(
  wecom: Pick<WecomClient, 'getUserInfoByCode'>,
  code: string,
): Promise<Employee> {
  const info = await wecom.getUserInfoByCode(code);
  if (!info.userid) {
    throw new AppError('FORBIDDEN', '该微信账号不是本企业成员，不能登录管理后台', {
      details: { reason: 'not-a-member' },
    });
  }
  const employee = await EmployeeModel.findOne({ userId: info.userid }).lean<Employee>();
  if (!employee) {
    throw new AppError('FORBIDDEN', '你还没有开通本系统的账号，请联系管理员', {
      details: { reason: 'unknown-employee' },
    });
  }
  if (employee.status !== 'active') {
    throw new AppError('FORBIDDEN', '你的账号已停用（已离职），不能登录', { details: { reason: 'resigned' } });
  }
  if (consolePagesFor(employee).length === 0) {
    throw new AppError('FORBIDDEN', '管理后台仅对主管、销售运营和管理员开放；销售请使用企业微信小程序', {
      details: { reason: 'role' },
    });
  }
  return employee;
}

/** Where WeCom should send the member to log in: web login (扫码) or OAuth in WeCom's own browser. */
export function wecomLoginUrl(
  config: { wecomLoginBase: string; wecomOauthBase: string; wecom?: { corpId: string; agentId: number } | undefined },
  input: { redirectUri: string; state: string; inWecom: boolean },
): string {
  if (!config.wecom) {
    throw new AppError('WECOM_CONFIG_ERROR', '服务器未连接企业微信，暂时无法登录，请联系管理员');
  }
  const { corpId, agentId } = config.wecom;
  if (input.inWecom) {
    const query = new URLSearchParams({
      appid: corpId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: 'snsapi_base',
      state: input.state,
      agentid: String(agentId),
    });
    return `${config.wecomOauthBase}/connect/oauth2/authorize?${query.toString()}#wechat_redirect`;
  }
  const query = new URLSearchParams({
    login_type: 'CorpApp',
    appid: corpId,
    agentid: String(agentId),
    redirect_uri: input.redirectUri,
    state: input.state,
  });
  return `${config.wecomLoginBase}/wwlogin/sso/login?${query.toString()}`;
}

/** The employee behind a console session, while it is not revoked and they may still use the console. */
export async function consoleSessionEmployee(claims: { sub: string; ver: number }): Promise<Employee | null> {
  if (!/^[a-f\d]{24}$/i.test(claims.sub)) {
    return null;
  }
  const employee = await EmployeeModel.findById(claims.sub).lean<Employee>();
  return employee &&
    employee.status === 'active' &&
    sessionStillValid(employee, claims.ver) &&
    consolePagesFor(employee).length > 0
    ? employee
    : null;
}
