import { z } from 'zod';
import type { PersonRow } from '../../../models/console/people.js';
import { roles } from '../../../models/org/employee.model.js';
import { idParams, reason, text } from '../schema-parts.js';

export const personParams = idParams;
export type PersonParams = z.infer<typeof personParams>;

export const changeRoleBody = z.strictObject({ role: z.enum(roles), reason });
export type ChangeRoleBody = z.infer<typeof changeRoleBody>;

const businessDate = z.iso.date({ error: '日期格式不正确（应为 YYYY-MM-DD）' });

export const setAwayBody = z.strictObject({
  away: z
    .strictObject({
      from: businessDate.optional().describe('First business day away; from now when left out'),
      through: businessDate.nullable().optional().describe('Last business day away (inclusive); open-ended when null'),
      reason: text(200).min(1, '请写明休假原因').describe('e.g. 年假, 病假, 外出培训'),
    })
    .nullable()
    .describe('The away period, or null: back at work'),
});
export type SetAwayBody = z.infer<typeof setAwayBody>;

export type PeopleAnswer = { people: PersonRow[]; mayChangeRoles: boolean };
