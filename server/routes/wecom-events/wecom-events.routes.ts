import Router from '@koa/router';
import { AppError } from '../../../models/shared/app-error.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { authorize } from '../../../models/org/policy/policy.js';
import { listWecomEvents, retryWecomEvent, wecomEventCounts } from '../../../models/wecom/event-ops.js';
import type { AppDeps } from '../../app.js';
import { authenticate, currentEmployee } from '../../middleware/authenticate.js';
import { inputOf, validate } from '../../middleware/validate.js';
import { wecomEventStored } from '../../wecom/event-signal.js';
import { presentWecomEvents } from './wecom-events.presenter.js';
import { eventParams, listEventsQuery, type EventParams, type ListEventsQuery } from './wecom-events.schema.js';

// Ops' view of the WeCom callback stream: counts, failed events with their errors, and a retry.

export function wecomEventRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/ops/wecom-events' });
  const opsOnly = authenticate(deps);
  const assertOps = (employee: Employee) => authorize(employee, 'manageWecomEvents', null, deps.clock.now());

  router.get('/', opsOnly, validate({ query: listEventsQuery }), async (ctx) => {
    await assertOps(currentEmployee(ctx));
    const { query } = inputOf<unknown, ListEventsQuery>(ctx);
    ctx.body = presentWecomEvents(await wecomEventCounts(), await listWecomEvents(query));
  });

  router.post('/:id/retry', opsOnly, validate({ params: eventParams }), async (ctx) => {
    await assertOps(currentEmployee(ctx));
    const { params } = inputOf<unknown, unknown, EventParams>(ctx);
    const outcome = await retryWecomEvent(params.id, deps.clock.now());
    if (outcome === 'not-found') {
      throw new AppError('NOT_FOUND', '找不到该企业微信事件', { details: { id: params.id } });
    }
    if (outcome === 'not-failed') {
      throw new AppError('INVALID_STATE', '该事件不是失败状态，无需重试', { details: { id: params.id } });
    }
    wecomEventStored();
    ctx.body = { id: params.id, status: 'pending' };
  });

  return router;
}
