import { EmployeeModel, type Employee } from '../../models/org/employee.model.js';
import { AppError } from '../../models/shared/app-error.js';

/** The part of the WeCom API client that mini-app login needs (server/wecom/wecom.client.ts). */
export interface MiniprogramSessionClient {
  /** The corp the client's credentials belong to; unset in a client without credentials. */
  readonly corpId?: string | undefined;
  /** miniprogram/jscode2session: a wx.qy.login code → the member (server/wecom/README.md §3.4). */
  jscode2session(code: string): Promise<{ corpid: string; userid: string; session_key: string }>;
}

/**
 * Exchanges a wx.qy.login code for the employee it belongs to. The session_key WeCom returns is
 * dropped here: nothing downstream needs it and it must never reach the client. Members of another
 * corp, members the product does not know, and resigned employees are refused.
 */
export async function employeeForLoginCode(
  client: MiniprogramSessionClient | undefined,
  code: string,
): Promise<Employee> {
  if (!client) {
    throw new AppError('WECOM_CONFIG_ERROR', '服务器未连接企业微信，暂时无法登录，请联系管理员');
  }
  const { corpid, userid } = await client.jscode2session(code);
  if (client.corpId && corpid !== client.corpId) {
    throw new AppError('FORBIDDEN', '该企业微信账号不属于本企业，不能登录', { details: { reason: 'other-corp' } });
  }
  const employee = await EmployeeModel.findOne({ userId: userid }).lean<Employee>();
  if (!employee) {
    throw new AppError('FORBIDDEN', '你还没有开通本系统的账号，请联系管理员', {
      details: { reason: 'unknown-employee' },
    });
  }
  if (employee.status !== 'active') {
    throw new AppError('FORBIDDEN', '你的账号已停用（已离职），不能登录', { details: { reason: 'resigned' } });
  }
  return employee;
}
