import { z } from 'zod';
import { errorStatus, type ErrorCode } from '../../../models/shared/app-error.js';
import { authOperations } from '../auth/auth.routes.js';
import { conflictOperations } from '../conflicts/conflicts.routes.js';
import { consoleOperations } from '../console-operations.js';
import { contactOperations } from '../contacts/contacts.routes.js';
import { customerOperations } from '../customers/customers.operations.js';
import { customerLockOperations } from '../customer-locks/customer-locks.routes.js';
import { reassignOperations } from '../reassign/reassign.routes.js';
import { autoAssignOperations } from '../auto-assign/auto-assign.routes.js';
import { followUpOperations } from '../follow-ups/follow-ups.routes.js';
import { handoverAnswer, handoverBody, handoverParams, handoverProgressAnswer } from '../handovers/handovers.schema.js';
import { meOperations } from '../me/me.routes.js';
import { myOperations } from '../my/my.routes.js';
import { opportunityOperations } from '../opportunities/opportunities.routes.js';
import { poolOperations } from '../pool/pool.routes.js';
import { operationsOf } from '../api-router.js';
import { errorBody } from '../schema-parts.js';
import { teamOperations } from '../team/team.routes.js';
import { eventParams, listEventsQuery, retryAnswer, wecomEventsAnswer } from '../wecom-events/wecom-events.schema.js';
import { operation, type ApiOperation } from './operation.js';

// The mini-app API as OpenAPI 3.1, generated from the same zod schemas the routes validate with.

/** The operations behind the mini-app. */
export const miniappOperations: ApiOperation[] = operationsOf(
  authOperations,
  meOperations,
  poolOperations,
  myOperations,
  customerOperations,
  customerLockOperations,
  reassignOperations,
  autoAssignOperations,
  followUpOperations,
  teamOperations,
  conflictOperations,
  contactOperations,
  opportunityOperations,
);

// Sales-ops endpoints of the WeCom integration (server/routes/handovers, server/routes/wecom-events).
const opsOperations: ApiOperation[] = [
  operation({
    method: 'post',
    path: '/ops/handovers',
    tag: '运营',
    auth: true,
    body: handoverBody,
    response: handoverAnswer,
    summary: "Hand over a departing or moving rep's customers (离职/在职继承): per customer a takeover rep or the pool",
    errors: ['FORBIDDEN', 'EMPLOYEE_NOT_FOUND'],
  }),
  operation({
    method: 'get',
    path: '/ops/handovers/:userId',
    tag: '运营',
    auth: true,
    params: handoverParams,
    response: handoverProgressAnswer,
    summary: "Progress of a handover: each customer's WeCom transfer",
    errors: ['FORBIDDEN', 'EMPLOYEE_NOT_FOUND'],
  }),
  operation({
    method: 'get',
    path: '/ops/wecom-events',
    tag: '运营',
    auth: true,
    query: listEventsQuery,
    response: wecomEventsAnswer,
    summary: 'WeCom callback events by status, with the errors of failed ones (ops only)',
    errors: ['FORBIDDEN'],
  }),
  operation({
    method: 'post',
    path: '/ops/wecom-events/:id/retry',
    tag: '运营',
    auth: true,
    params: eventParams,
    response: retryAnswer,
    summary: 'Retry a failed WeCom callback event (ops only)',
    errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  }),
];

/** Every documented operation; a new route's operations are added here. */
export const apiOperations: ApiOperation[] = [...miniappOperations, ...opsOperations, ...consoleOperations];

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!schema) {
    return [];
  }
  const json = jsonSchema(schema, 'input');
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...((property as { description?: string }).description
      ? { description: (property as { description?: string }).description }
      : {}),
  }));
}

function errorResponses(op: ApiOperation): Record<string, unknown> {
  const codes: ErrorCode[] = [
    'VALIDATION_FAILED',
    ...(op.auth ? ['UNAUTHENTICATED' as const] : []),
    ...(op.errors ?? []),
  ];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: `Error codes: ${list.join(', ')}`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of apiOperations) {
    const path = `/api${op.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][op.method] = {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      operationId: `${op.method}${op.path.replace(/[/:-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      ...(op.auth ? { security: [{ session: [] }] } : { security: [] }),
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
        : {}),
      responses: {
        [op.method === 'post' && op.path.endsWith('/follow-ups') ? '201' : '200']: {
          description: 'OK',
          ...(op.response ? { content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } } : {}),
        },
        ...errorResponses(op),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '企微 SCRM mini-app API',
      version: '1',
      description:
        'The API behind the WeCom mini-program. Log in with a wx.qy.login code, then send the session token as ' +
        '`Authorization: Bearer <token>`. Errors answer `{error:{code,message,details,requestId}}` with a Chinese message.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'Session token from POST /api/auth/login' },
      },
      schemas: { Error: jsonSchema(errorBody, 'output') },
    },
    paths,
  };
}
