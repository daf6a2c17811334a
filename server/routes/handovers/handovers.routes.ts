import Router from '@koa/router';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { AppError } from '../../../models/shared/app-error.js';
import { authorize } from '../../../models/org/policy/policy.js';
import { handoverProgress } from '../../../models/handovers/handover-progress.js';
import { planHandover } from '../../../models/handovers/handover-plan.js';
import type { AppDeps } from '../../app.js';
import { authenticate, currentEmployee, employeeDomainContext } from '../../middleware/authenticate.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf, validate } from '../../middleware/validate.js';
import { startPendingTransfers } from '../../wecom/transfer-runner.js';
import { asJson } from '../json-answer.js';
import {
  handoverBody,
  handoverParams,
  type HandoverAnswer,
  type HandoverBody,
  type HandoverParams,
  type HandoverProgressAnswer,
} from './handovers.schema.js';

// Handovers (离职继承 / 在职继承): sales ops (or the rep's manager) names a takeover rep or the pool per
// customer; WeCom transfers start at once and are followed by the wecom-transfers job.

async function assertMayHandOver(actor: Employee, handoverUserId: string, now: Date): Promise<void> {
  const handover = await EmployeeModel.findOne({ userId: handoverUserId }).lean<Employee>();
  if (!handover) {
    throw new AppError('EMPLOYEE_NOT_FOUND', `找不到成员 ${handoverUserId}`);
  }
  await authorize(actor, 'handOver', handover, now);
}

export function handoverRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/ops/handovers' });

  router.post('/', authenticate(deps), jsonBody(), validate({ body: handoverBody }), async (ctx) => {
    const { body } = inputOf<HandoverBody>(ctx);
    await assertMayHandOver(currentEmployee(ctx), body.handoverUserId, deps.clock.now());
    const plan = await planHandover(
      {
        handoverUserId: body.handoverUserId,
        defaultTarget: body.defaultTarget,
        assignments: Object.fromEntries(body.assignments.map((a) => [a.customerId, a.target])),
        reason: body.reason,
      },
      employeeDomainContext(ctx, deps),
    );
    const started = await startPendingTransfers(
      deps,
      plan.transfers.map((t) => t.transferId),
    );
    ctx.status = 201;
    const answer: HandoverAnswer = { ...plan, started };
    ctx.body = answer;
  });

  router.get('/:userId', authenticate(deps), validate({ params: handoverParams }), async (ctx) => {
    const { params } = inputOf<unknown, unknown, HandoverParams>(ctx);
    await assertMayHandOver(currentEmployee(ctx), params.userId, deps.clock.now());
    const answer: HandoverProgressAnswer = asJson(await handoverProgress(params.userId));
    ctx.body = answer;
  });

  return router;
}
