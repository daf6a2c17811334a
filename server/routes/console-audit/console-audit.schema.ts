import { z } from 'zod';
import { botStates } from '../../../models/messages/bot-state.model.js';
import { ledgerActions } from '../../../models/customers/ledger-entry.model.js';
import { objectId, queryInt } from '../schema-parts.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const ledgerQuery = z.strictObject({
  customerId: objectId.optional(),
  employeeId: objectId.optional().describe('The employee acted, or the customer came to or left them'),
  action: z.enum(ledgerActions).optional(),
  from: date.optional(),
  to: date.optional(),
  page: queryInt(1, 100000).default(1),
  pageSize: queryInt(1, 100).default(20),
});
export type LedgerQuery = z.infer<typeof ledgerQuery>;

export const settingChangesQuery = z.strictObject({ from: date.optional(), to: date.optional() });
export type SettingChangesQuery = z.infer<typeof settingChangesQuery>;

const change = {
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor: z.string().describe('The employee by name, or 企业微信/系统 (or the named service)'),
  reason: z.string(),
  before: z.unknown(),
  after: z.unknown(),
};

export const ledgerAnswer = z.object({
  items: z.array(z.object({ ...change, customer: z.object({ id: z.string(), name: z.string() }) })),
  total: z.number().describe('Entries counted: exact when `more` is false, else those up to ten pages past this one'),
  more: z.boolean().describe('More entries follow beyond `total` (the count stops ahead of the page)'),
  page: z.number(),
  pageSize: z.number(),
});
export type LedgerAnswer = z.infer<typeof ledgerAnswer>;
export type LedgerRow = LedgerAnswer['items'][number];

export const settingChangesAnswer = z.object({
  changes: z.array(
    z.object({ ...change, subject: z.string().describe('e.g. company, department:12, employee:zhangsan') }),
  ),
});
export type SettingChangesAnswer = z.infer<typeof settingChangesAnswer>;
export type SettingChange = SettingChangesAnswer['changes'][number];

export const botsAnswer = z.object({
  state: z
    .enum(['absent', 'online', 'degraded', 'offline'])
    .describe('absent: no bot runs; online: every bot is online; degraded: some are; offline: none is'),
  instances: z.array(
    z.object({
      name: z.string(),
      state: z.enum([...botStates, 'stale']).describe('stale: it stopped beating without saying so'),
      account: z.object({ id: z.string(), name: z.string(), employeeUserId: z.string().nullable() }).nullable(),
      loggedInAt: z.string().nullable(),
      heartbeatAt: z.string(),
      puppet: z.string(),
      restarts: z.number(),
      lastError: z.string().nullable(),
      lastErrorAt: z.string().nullable(),
    }),
  ),
});
export type BotsAnswer = z.infer<typeof botsAnswer>;
