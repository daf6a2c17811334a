import { z } from 'zod';
import { queryInt } from '../schema-parts.js';
import { teamFigures, teamRow } from '../team/team.schema.js';

export const overviewQuery = z.strictObject({
  departmentId: queryInt(0, 2 ** 31 - 1)
    .optional()
    .describe('Drill down to one department (and its sub-departments) within what the viewer sees'),
});
export type OverviewQuery = z.infer<typeof overviewQuery>;

export const overviewResponse = z
  .object({
    date: z.string(),
    scopeName: z.string(),
    departments: z.array(z.object({ deptId: z.number(), name: z.string(), parentId: z.number().nullable() })),
    digest: z.object({ team: teamFigures, teams: z.array(teamRow).describe('One row per team') }),
    daily: z.array(z.object({ date: z.string(), claims: z.number(), releases: z.number(), drops: z.number() })),
  })
  .describe('The evening review’s figures for the viewer’s scope (models/digest) and 30 days of flows');
export type OverviewAnswer = z.infer<typeof overviewResponse>;
