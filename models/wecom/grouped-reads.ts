import { ContactModel, type Contact } from '../customers/contact.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { copyOf, groupCommit } from '../shared/group-commit.js';

// The reads every WeCom event handler makes, shared by the handlers running at the same moment (the event
// processor works on many contacts side by side): concurrent reads by one field become one `$in` read on the
// shared group commit (models/shared/group-commit.ts), which starts after each caller asked, so a read is as
// fresh as one of its own. Each caller gets documents of its own. The event processor also reads them for a
// whole phase of its batch at once (server/wecom/events/contact-reads.ts) through the plain reads below.

/** The documents each caller asked for by `field`, from one read of all of them: a document given twice is copied. */
export function forEachCaller<D extends object>(
  field: keyof D & string,
  docs: readonly D[],
  lists: readonly (readonly string[])[],
): D[][] {
  const byValue = new Map<string, D[]>();
  for (const doc of docs) {
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
}

export function groupedByField<D extends object>(
  field: keyof D & string,
  read: (values: string[]) => Promise<D[]>,
  maxBatch = 200,
): (values: readonly string[]) => Promise<D[]> {
  return groupCommit<readonly string[], D[]>(async (lists) => {
    const wanted = [...new Set(lists.flat())];
    return forEachCaller(field, wanted.length > 0 ? await read(wanted) : [], lists);
  }, maxBatch);
}

/** Employees by WeCom userid, read now (one `$in` read). */
export const readEmployeesByUserId = (userIds: readonly string[]): Promise<Employee[]> =>
  EmployeeModel.find({ userId: { $in: userIds } }).lean<Employee[]>();

/** Our copies of WeCom contacts with their versions, read now (one `$in` read). */
export const readContactsByExternalId = (ids: readonly string[]): Promise<(Contact & { __v: number })[]> =>
  ContactModel.find({ externalUserId: { $in: ids } }).lean<(Contact & { __v: number })[]>();

/** Employees by WeCom userid. */
export const employeesByUserId = groupedByField<Employee>('userId', readEmployeesByUserId);

/** Our copy of a WeCom contact, with its version, or null. */
const contactsByExternalId = groupedByField<Contact & { __v: number }>('externalUserId', readContactsByExternalId);
export async function contactByExternalId(externalUserId: string): Promise<(Contact & { __v: number }) | null> {
  return (await contactsByExternalId([externalUserId]))[0] ?? null;
}
