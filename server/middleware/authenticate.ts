import type { Context, Middleware } from 'koa';
import { EmployeeModel, type Employee } from '../../models/org/employee.model.js';
import { sessionStillValid } from '../../models/org/sessions.js';
import { AppError } from '../../models/shared/app-error.js';
import type { DomainContext } from '../../models/shared/domain-context.js';
import type { AppDeps } from '../app.js';
import { verifySessionToken } from '../auth/session.js';

/**
 * Requires `Authorization: Bearer <session token>` of an active employee; puts the employee on
 * ctx.state.employee. Expired, forged, revoked (logout, role change) or resigned sessions are refused
 * with 401. It runs before the request body is read (see mount()).
 */
export function authenticate(deps: Pick<AppDeps, 'clock' | 'sessionSecret'>): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const claims = token ? verifySessionToken(deps.sessionSecret, token, deps.clock.now()) : null;
    if (!claims || !/^[a-f\d]{24}$/i.test(claims.sub)) {
      throw new AppError('UNAUTHENTICATED', '登录已过期或无效，请重新登录');
    }
    const employee = await EmployeeModel.findById(claims.sub).lean<Employee>();
    if (!employee || employee.status !== 'active') {
      throw new AppError('UNAUTHENTICATED', '账号不可用（已离职或不存在），请联系管理员');
    }
    // Logged out, or the role changed since this session was issued.
    if (!sessionStillValid(employee, claims.ver)) {
      throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    }
    ctx.state.employee = employee;
    await next();
  };
}

/** The authenticated employee of this request. */
export function currentEmployee(ctx: Context): Employee {
  const employee = ctx.state.employee as Employee | undefined;
  if (!employee) {
    throw new AppError('UNAUTHENTICATED', '请先登录');
  }
  return employee;
}

/** The domain context for the authenticated employee acting now. */
export function employeeDomainContext(ctx: Context, deps: Pick<AppDeps, 'clock' | 'config'>): DomainContext {
  const employee = currentEmployee(ctx);
  return {
    actor: { kind: 'employee', employeeId: employee._id, role: employee.role },
    now: deps.clock.now(),
    config: deps.config,
  };
}
