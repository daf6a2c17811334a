import { z } from 'zod';
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

const awayPeriod = z.object({ since: z.string(), until: z.string().nullable(), reason: z.string() });

const personRow = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  position: z.string(),
  role: z.enum(roles),
  status: z.enum(['active', 'resigned']),
  resignedAt: z.string().nullable(),
  departments: z.array(z.string()).describe('Names of the employee’s departments'),
  mainDepartmentId: z.number().nullable(),
  businessLine: z.string(),
  leads: z.array(z.string()).describe('Names of the departments they lead'),
  capacity: z.object({ used: z.number(), limit: z.number(), staked: z.number(), stakeLimit: z.number() }),
  away: awayPeriod.nullable().describe('The away period set (current or ahead), or null'),
  awayNow: z.boolean().describe('Whether the away period holds at this moment'),
  maySetAway: z.boolean().describe('Whether the viewer may mark this employee away or back (the policy’s setAway)'),
});

export const peopleAnswer = z.object({
  people: z.array(personRow),
  mayChangeRoles: z.boolean().describe('Whether the viewer may change roles (admins)'),
});
export type PeopleAnswer = z.infer<typeof peopleAnswer>;
export type PersonRow = PeopleAnswer['people'][number];

export const roleAnswer = z.object({ id: z.string(), role: z.enum(roles) });
export type RoleAnswer = z.infer<typeof roleAnswer>;

export const awayAnswer = z.object({ id: z.string(), away: awayPeriod.nullable() });
export type AwayAnswer = z.infer<typeof awayAnswer>;
