import { DepartmentModel } from './department.model.js';
import { keptUnderRulesVersion } from './rules-version.js';

// The department tree (ids, parents, names), read whole and kept per process while the rules version holds: every
// write to departments through the model sets a new version (rules-version.ts), so another instance's change
// applies here within a second, as for the pool rules. For the reads that walk the tree many times: the evening
// review's teams (one walk per manager).

export interface DepartmentTree {
  /** Every department, deleted ones too, in stored order. */
  departments: readonly { deptId: number; parentId: number | null; name: string; deleted: boolean }[];
  /** Child department ids by parent id. */
  children: ReadonlyMap<number, readonly number[]>;
}

async function readTree(): Promise<DepartmentTree> {
  const found = await DepartmentModel.find({}, { deptId: 1, parentId: 1, name: 1, deleted: 1 }).lean();
  const departments = found.map((d) => ({
    deptId: d.deptId,
    parentId: d.parentId ?? null,
    name: d.name,
    deleted: d.deleted === true,
  }));
  const children = new Map<number, number[]>();
  for (const d of departments) {
    if (d.parentId !== null) {
      children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.deptId]);
    }
  }
  return { departments, children };
}

/** The tree as stored under the current rules version (one read of the version, trusted for a second). */
export const departmentTree: () => Promise<DepartmentTree> = keptUnderRulesVersion(readTree);

/**
 * The given departments and every department below them: the same notion of "my teams" as managedDepartmentIds
 * (models/org/permissions.ts), walked in memory.
 */
export function departmentsUnder(tree: DepartmentTree, roots: readonly number[]): Set<number> {
  const scope = new Set<number>(roots);
  let frontier = [...scope];
  while (frontier.length > 0) {
    frontier = frontier.flatMap((id) => tree.children.get(id) ?? []).filter((id) => !scope.has(id));
    frontier.forEach((id) => scope.add(id));
  }
  return scope;
}
