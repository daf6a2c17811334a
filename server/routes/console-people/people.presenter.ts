import type { Person } from '../../../models/console/people.js';
import type { Employee } from '../../../models/org/employee.model.js';
import type { AwayAnswer, PeopleAnswer, PersonRow, RoleAnswer } from './console-people.schema.js';

// The 人员与权限 answers (GET /api/console/people, PUT …/role, PUT …/away), shaped from the domain's
// employees: ids as strings, instants as ISO strings.

function awayOf(away: Employee['away']): PersonRow['away'] {
  return away
    ? { since: away.since.toISOString(), until: away.until?.toISOString() ?? null, reason: away.reason }
    : null;
}

function rowOf({ employee: e, limits, ...person }: Person): PersonRow {
  return {
    id: String(e._id),
    userId: e.userId,
    name: e.name,
    position: e.position,
    role: e.role,
    status: e.status,
    resignedAt: e.resignedAt?.toISOString() ?? null,
    departments: person.departments,
    mainDepartmentId: e.mainDepartmentId ?? null,
    businessLine: person.businessLine,
    leads: person.leads,
    capacity: { used: e.privateCount, limit: limits.capacity, staked: e.stakedCount, stakeLimit: limits.stakeLimit },
    away: awayOf(e.away),
    awayNow: person.awayNow,
    maySetAway: person.maySetAway,
  };
}

export function presentPeople(list: { people: Person[]; mayChangeRoles: boolean }): PeopleAnswer {
  return { people: list.people.map(rowOf), mayChangeRoles: list.mayChangeRoles };
}

export function presentRole(employee: Employee): RoleAnswer {
  return { id: String(employee._id), role: employee.role };
}

export function presentAway(employee: Employee): AwayAnswer {
  return { id: String(employee._id), away: awayOf(employee.away) };
}
