import { z } from 'zod';
import { roles } from '../../../models/org/employee.model.js';
import { consolePages } from '../../../models/console/console-pages.js';
import { employeeIdentity } from '../schema-parts.js';

export { localLoginBody, type LocalLoginBody } from '../auth/auth.schema.js';

export const wecomStartQuery = z.strictObject({
  in: z.enum(['web', 'wecom']).optional().describe('web: 企业微信扫码登录 (default); wecom: OAuth in WeCom’s browser'),
});
export type WecomStartQuery = z.infer<typeof wecomStartQuery>;

export const wecomCallbackQuery = z.object({
  code: z
    .string()
    .trim()
    .max(512)
    .regex(/^[\w-]*$/, '登录凭证格式不正确')
    .optional(),
  state: z.string().max(128).optional(),
});
export type WecomCallbackQuery = z.infer<typeof wecomCallbackQuery>;

export const loginOptionsResponse = z.object({
  mode: z.enum(['local', 'wecom']),
  /** Local mode: the demo corp's members to pick from. */
  members: z.array(z.object({ userId: z.string(), name: z.string(), role: z.enum(roles), position: z.string() })),
});
export type LoginOptions = z.infer<typeof loginOptionsResponse>;

export const consoleSessionResponse = z.object({
  employee: z.object({ ...employeeIdentity, leaderOfDepartmentIds: z.array(z.number()) }),
  csrfToken: z.string().describe('Send it as X-CSRF-Token on every POST/PUT/DELETE'),
  pages: z.array(z.enum(consolePages)),
  mode: z.enum(['local', 'wecom']),
  timeZone: z.string().describe('BUSINESS_TIMEZONE: dates are shown in it'),
});
export type ConsoleSession = z.infer<typeof consoleSessionResponse>;
