import { ContactModel, type Contact } from '../customers/contact.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { copyOf, groupCommit } from '../shared/group-commit.js';

// The reads every WeCom event handler makes, shared by the handlers running at the same moment (the event
// processor works on many contacts side by side): concurrent reads by one field become one `$in` read on the
// shared group commit (models/shared/group-commit.ts), which starts after each caller asked, so a read is as
// fresh as one of its own. Each caller gets documents of its own.

export function groupedByField<D extends object>(
  field: keyof D & string,
  read: (values: string[]) => Promise<D[]>,
  maxBatch = 200,
): (values: readonly string[]) => Promise<D[]> {
  return groupCommit<readonly string[], D[]>(async (lists) => {
    const wanted = [...new Set(lists.flat())];
    const byValue = new Map<string, D[]>();
    for (const doc of wanted.length > 0 ? await read(wanted) : []) {
      const value = String(doc[field]);
      byValue.set(value, [...(byValue.get(value) ?? []), doc]);
    }
    const given = new Set<D>();
    return lists.map((values) =>
      [...new Set(values)].flatMap((value) =>
        (byValue.get(value) ?? []).map((doc) => {
          const first = !given.has(doc);
          given.add(doc);
          return first ? doc : copyOf(doc);
        }),
      ),
    );
  }, maxBatch);
}

/** Employees by WeCom userid. */
export const employeesByUserId = groupedByField<Employee>('userId', (userIds) =>
  EmployeeModel.find({ userId: { $in: userIds } }).lean<Employee[]>(),
);

/** Our copy of a WeCom contact, with its version, or null. */
const contactsByExternalId = groupedByField<Contact & { __v: number }>('externalUserId', (ids) =>
  ContactModel.find({ externalUserId: { $in: ids } }).lean<(Contact & { __v: number })[]>(),
);
export async function contactByExternalId(externalUserId: string): Promise<(Contact & { __v: number }) | null> {
  return (await contactsByExternalId([externalUserId]))[0] ?? null;
}
