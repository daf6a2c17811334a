import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import { AppError } from '../../models/shared/app-error.js';
import { chineseIssue, fieldProblems, problemSummary, type FieldProblem } from './validation-messages.js';

export interface RequestSchemas<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  body?: B;
  query?: Q;
  params?: P;
}

export interface Validated<B, Q, P> {
  body: B;
  query: Q;
  params: P;
}

/** The values of a request's parts, as the schemas are given them. */
export interface RequestParts {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

/**
 * Validates the parts a schema is given for; answers the parsed values, or throws 400 VALIDATION_FAILED
 * listing each field. Used by the middleware below and by the WeCom callback's fast path.
 */
export function validateInput(
  schemas: RequestSchemas<z.ZodType, z.ZodType, z.ZodType>,
  values: RequestParts,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const part of ['body', 'query', 'params'] as const) {
    const schema = schemas[part];
    if (!schema) {
      continue;
    }
    const result = schema.safeParse(values[part] ?? {}, { error: chineseIssue });
    if (result.success) {
      input[part] = result.data;
    } else {
      problems.push(...fieldProblems(part, result.error.issues));
    }
  }
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', problemSummary(problems), { details: { problems } });
  }
  return input;
}

/**
 * Validates body, query and route params with zod before the handler runs; the parsed values are on
 * ctx.state.input. Failures answer 400 VALIDATION_FAILED listing each field, and change nothing.
 */
export function validate<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
>(schemas: RequestSchemas<B, Q, P>): Middleware {
  return async (ctx, next) => {
    ctx.state.input = validateInput(schemas, {
      body: (ctx.request as { body?: unknown }).body,
      query: ctx.query,
      params: ctx.params,
    });
    await next();
  };
}

/** The validated input of the current request, typed by the route's schemas. */
export function inputOf<B, Q = unknown, P = unknown>(ctx: Context): Validated<B, Q, P> {
  return ctx.state.input as Validated<B, Q, P>;
}
