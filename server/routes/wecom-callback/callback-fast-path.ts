import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../../app.js';
import { errorAnswer } from '../../middleware/error-handler.js';
import { readBody } from '../../middleware/raw-body.js';
import { validateInput } from '../../middleware/validate.js';
import { CALLBACK_MAX_BYTES, receiveWecomEvent, secretsOf } from './wecom-callback.routes.js';
import { eventQuery, plainEventQuery, type EventQuery } from './wecom-callback.schema.js';

// WeCom's event callbacks (POST /wecom/callback) answered ahead of the Koa app's middleware and routers: the
// one endpoint WeCom calls at its own rate, that must answer within 5 s, and whose work per request is small
// beside what a pass through the app costs. It is the same endpoint as the route (wecom-callback.routes.ts):
// the same query schema, body limit, checks and store-before-ack (receiveWecomEvent), the request id of
// request-id.ts, and every failure answered, status, code, body and log line, by the app's error mapping
// (errorAnswer). Any other spelling of the path goes through the app as before.

const PATH = '/wecom/callback';
const REQUEST_ID = /^[\w-]{8,64}$/;

/** Answers the request if it is one of ours (true); false leaves it to the app. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The query as Koa's ctx.query has it: one string per name, an array for a repeated one (no prototype). */
function queryOf(search: string): Record<string, string | string[]> {
  const query = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(search)) {
    const had = query[key];
    query[key] = had === undefined ? value : typeof had === 'string' ? [had, value] : [...had, value];
  }
  return query;
}

/** The event query WeCom sends, read as the schema would (plainEventQuery), else through the schema. */
function eventQueryOf(search: string): EventQuery {
  const query = queryOf(search);
  return plainEventQuery(query) ?? (validateInput({ query: eventQuery }, { query }).query as EventQuery);
}

const STORED_HEADERS = ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', '0'];

async function answer(deps: AppDeps, req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  try {
    const query = eventQueryOf(search);
    secretsOf(deps);
    const body = await readBody(req, CALLBACK_MAX_BYTES, 'utf8', () => {
      headers.Connection = 'close';
    });
    await receiveWecomEvent(deps, query, body);
    // Empty body: "no passive reply"; WeCom does not resend.
    res.writeHead(200, ['X-Request-Id', requestId, ...STORED_HEADERS]).end();
  } catch (caught) {
    const failure = errorAnswer(caught, { method: 'POST', path: PATH, requestId }, deps.log);
    const json = JSON.stringify(failure.body);
    res
      .writeHead(failure.status, {
        ...headers,
        ...failure.headers,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(json)),
      })
      .end(json);
  }
}

export function wecomCallbackFastPath(deps: AppDeps): FastPath {
  return (req, res) => {
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    if (req.method !== 'POST' || (queryAt < 0 ? url : url.slice(0, queryAt)) !== PATH) {
      return false;
    }
    void answer(deps, req, res, queryAt < 0 ? '' : url.slice(queryAt + 1));
    return true;
  };
}
