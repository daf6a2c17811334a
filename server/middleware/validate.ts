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
    const parts = [
      ['body', schemas.body, (ctx.request as { body?: unknown }).body],
      ['query', schemas.query, ctx.query],
      ['params', schemas.params, ctx.params],
    ] as const;
    const input: Record<string, unknown> = {};
    const problems: FieldProblem[] = [];
    for (const [part, schema, value] of parts) {
      if (!schema) {
        continue;
      }
      const result = schema.safeParse(value ?? {}, { error: chineseIssue });
      if (result.success) {
        input[part] = result.data;
      } else {
        problems.push(...fieldProblems(part, result.error.issues));
      }
    }
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', problemSummary(problems), { details: { problems } });
    }
    ctx.state.input = input;
    await next();
  };
}

/** The validated input of the current request, typed by the route's schemas. */
export function inputOf<B, Q = unknown, P = unknown>(ctx: Context): Validated<B, Q, P> {
  return ctx.state.input as Validated<B, Q, P>;
}
