import { z } from 'zod';
import type { PersonRow } from '../../../models/console/people.js';
import { roles } from '../../../models/org/employee.model.js';
import { idParams, reason } from '../schema-parts.js';

export const personParams = idParams;
export type PersonParams = z.infer<typeof personParams>;

export const changeRoleBody = z.strictObject({ role: z.enum(roles), reason });
export type ChangeRoleBody = z.infer<typeof changeRoleBody>;

export type PeopleAnswer = { people: PersonRow[]; mayChangeRoles: boolean };
