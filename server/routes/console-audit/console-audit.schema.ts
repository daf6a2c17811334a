import { z } from 'zod';
import type { LedgerRow, searchSettingChanges } from '../../../models/console/audit-search.js';
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

export type LedgerAnswer = { items: LedgerRow[]; total: number; page: number; pageSize: number };
export type SettingChange = Awaited<ReturnType<typeof searchSettingChanges>>[number];
