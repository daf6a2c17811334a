import { z } from 'zod';
import type { ApiOperation } from '../../server/routes/openapi/operation.js';
import type { FuzzRequest } from './callback-fuzz.js';
import { pick, type Random } from './company-generator.js';
import { brokenJsonText, int, randomJson, randomQuery, randomSegment, randomString } from './fuzz-values.js';

// Mutated requests for every documented API operation (apiOperations): random JSON in every body
// field, bodies that are not JSON objects, wrong content types, mutated query strings and path
// params, odd methods and broken sessions. Path params of a request that could change something are
// never real ids, so whatever a request answers, nothing may be stored.

export interface ApiFuzzContext {
  /** Session tokens of real employees (rep, manager, ops). */
  tokens: string[];
  /** Real ids per path param name, used only for reads. */
  realIds: Record<string, string[]>;
}

const fieldsOf = (schema: z.ZodType | undefined): string[] =>
  schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];

const reservedKeys = ['constructor', 'prototype', '__proto__', 'hasOwnProperty', 'toString'];

/** Characters nobody types: C0 and C1 controls, DEL, bidirectional overrides and isolates. */
const controlCharacters = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e', '\u2066', '\u200f'];

const plausibleTexts = [
  '电话沟通了采购计划，客户下周安排技术交流，需要准备报价方案。',
  '王总',
  '北京字节跳动科技有限公司',
  '继续跟进',
  '下周三上门拜访',
  '2026-04-01T10:00:00+08:00',
  '91110000802100433B',
  '13800138000',
  'sales@example.cn',
];

/** A value the field's schema would probably accept (ids are random: they name nothing that exists). */
function plausible(random: Random, schema: z.ZodType, depth = 0): unknown {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return random() < 0.15
      ? schema instanceof z.ZodNullable
        ? null
        : undefined
      : plausible(random, schema.unwrap() as z.ZodType, depth);
  }
  if (schema instanceof z.ZodDefault) {
    return plausible(random, schema.removeDefault() as z.ZodType, depth);
  }
  if (schema instanceof z.ZodPipe) {
    return plausible(random, schema.in as z.ZodType, depth);
  }
  if (schema instanceof z.ZodEnum) {
    return pick(random, schema.options as unknown[]);
  }
  if (schema instanceof z.ZodUnion) {
    return plausible(random, pick(random, schema.options as z.ZodType[]), depth);
  }
  if (schema instanceof z.ZodObject && depth < 3) {
    return Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, v]) => [k, plausible(random, v, depth + 1)]),
    );
  }
  if (schema instanceof z.ZodArray && depth < 3) {
    return Array.from({ length: int(random, 3) }, () => plausible(random, schema.element as z.ZodType, depth + 1));
  }
  if (schema instanceof z.ZodRecord) {
    // Now and then a name that means something to JavaScript objects or mongoose maps.
    return pick(random, [
      () => ({ scale: pick(random, ['100-500人', 12, true]) }),
      () => ({ [pick(random, reservedKeys)]: 'x' }),
      () => JSON.parse('{"__proto__":{"polluted":true},"scale":"x"}') as unknown,
    ])();
  }
  if (schema instanceof z.ZodNumber) {
    return pick(random, [0, 1, 5, 30]);
  }
  if (schema instanceof z.ZodBoolean) {
    return random() < 0.5;
  }
  return random() < 0.3
    ? Array.from({ length: 24 }, () => '0123456789abcdef'[int(random, 16)]).join('')
    : pick(random, plausibleTexts);
}

// Operations that create or set a record without naming one in the path (POST /api/customers, the lead
// department of automatic assignment): a plausible body
// would really create it, so each of their object bodies carries a key the strict schema refuses. Their
// fields are still fuzzed; nothing may be stored. No random draw is spent on it, so other operations'
// requests stay what the seed made them.
const creatingOperations = new Set(['post /customers', 'put /console/lead-department']);
const refusedKey = (op: ApiOperation) =>
  creatingOperations.has(`${op.method} ${op.path}`) ? { poolState: 'private' } : {};

function body(random: Random, op: ApiOperation): { text?: string; type?: string } {
  const shape = op.body instanceof z.ZodObject ? (op.body.shape as Record<string, z.ZodType>) : {};
  const fields = Object.keys(shape);
  const roll = random();
  if (roll < 0.55) {
    // What the schema asks for, with one field (or, a third of the time, none) replaced by hostile JSON.
    const object: Record<string, unknown> = {};
    for (const field of fields) {
      object[field] = plausible(random, shape[field]!);
    }
    if (fields.length > 0 && random() < 0.67) {
      object[pick(random, fields)] = randomJson(random);
    } else if (fields.length > 0 && random() < 0.5) {
      // A plausible text with a control character hidden inside.
      const text = pick(random, plausibleTexts);
      const at = int(random, text.length + 1);
      object[pick(random, fields)] = `${text.slice(0, at)}${pick(random, controlCharacters)}${text.slice(at)}`;
    }
    if (random() < 0.15) {
      object[pick(random, ['$where', 'ownerId', 'poolState', '__proto__', 'extra'])] = randomJson(random, 1);
    }
    return { text: JSON.stringify({ ...object, ...refusedKey(op) }), type: 'application/json' };
  }
  if (roll < 0.65) {
    return {
      text: JSON.stringify({
        ...Object.fromEntries((fields.length > 0 ? fields : ['x']).map((f) => [f, randomJson(random)])),
        ...refusedKey(op),
      }),
      type: 'application/json',
    };
  }
  if (roll < 0.72) {
    return { text: JSON.stringify(randomJson(random, 2)), type: 'application/json' };
  }
  if (roll < 0.87) {
    return {
      text: brokenJsonText(random),
      type: pick(random, ['application/json', 'application/json; charset=latin1']),
    };
  }
  return pick(random, [
    () => ({ text: 'code=abc&content=%E4%BD%A0%E5%A5%BD', type: 'application/x-www-form-urlencoded' }),
    () => ({
      text: '--x\r\nContent-Disposition: form-data; name="code"\r\n\r\nabc\r\n--x--',
      type: 'multipart/form-data; boundary=x',
    }),
    () => ({ text: '<xml><code>abc</code></xml>', type: 'text/xml' }),
    () => ({
      text: JSON.stringify({ [fields[0] ?? 'code']: randomString(random), ...refusedKey(op) }),
      type: 'text/plain',
    }),
    () => ({ text: JSON.stringify({}), type: undefined }),
    () => ({}),
  ])();
}

function path(random: Random, op: ApiOperation, context: ApiFuzzContext): string {
  const read = op.method === 'get';
  return `/api${op.path.replace(/:(\w+)/g, (_m, name: string) => {
    const real = context.realIds[name] ?? [];
    return read && real.length > 0 && random() < 0.4 ? encodeURIComponent(pick(random, real)) : randomSegment(random);
  })}`;
}

function authorization(random: Random, context: ApiFuzzContext): Record<string, string> {
  const roll = random();
  if (roll < 0.8) {
    return { authorization: `Bearer ${pick(random, context.tokens)}` };
  }
  return pick(random, [
    () => ({}),
    () => ({ authorization: 'Bearer' }),
    () => ({ authorization: `Bearer ${randomSegment(random)}` }),
    () => ({ authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }),
    () => ({ authorization: `Bearer ${pick(random, context.tokens).replace(/.$/, 'A')}` }),
    () => ({
      authorization: `Bearer v1.${Buffer.from(JSON.stringify({ sub: { $gt: '' }, exp: 4102444800 })).toString('base64url')}.x`,
    }),
  ])();
}

/** One mutated request for the operation. */
export function fuzzApiRequest(random: Random, op: ApiOperation, context: ApiFuzzContext): FuzzRequest {
  const roll = random();
  const method =
    roll < 0.9
      ? op.method.toUpperCase()
      : pick(random, ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', op.method === 'get' ? 'POST' : 'GET']);
  let url = path(random, op, context);
  if (op.query || random() < 0.3) {
    url += `?${randomQuery(random, fieldsOf(op.query))}`;
  }
  const headers: Record<string, string> = { ...authorization(random, context) };
  let text: string | undefined;
  if (method !== 'GET' && method !== 'OPTIONS') {
    const generated = body(random, op);
    text = generated.text;
    if (generated.type) {
      headers['content-type'] = generated.type;
    }
  } else if (random() < 0.05) {
    text = JSON.stringify(randomJson(random));
    headers['content-type'] = 'application/json';
  }
  if (random() < 0.05) {
    headers['x-request-id'] = pick(random, ['x'.repeat(4000), '../../', 'a\tb', String(int(random, 1e9))]);
  }
  // Besides its own errors, any operation may refuse a request as malformed, too large, unrouted
  // (a path param that is not one segment) or, behind a session, unauthenticated.
  const documented =
    method === op.method.toUpperCase()
      ? [
          'VALIDATION_FAILED',
          'PAYLOAD_TOO_LARGE',
          'HEADERS_TOO_LARGE',
          'NOT_FOUND',
          ...(op.auth ? ['UNAUTHENTICATED'] : []),
          ...(op.errors ?? []),
        ]
      : undefined;
  return {
    label: `${op.method.toUpperCase()} ${op.path}${documented ? '' : ` as ${method}`}`,
    method,
    path: url,
    headers,
    body: text,
    documented,
  };
}
