import { Types } from 'mongoose';
import { EmployeeModel } from '../../org/employee.model.js';
import { isAppError } from '../../shared/app-error.js';
import type { CustomerInput } from './create-customer.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { transferCustomer } from '../../pool/transfer-customer.js';
import { insertPublicCustomers } from './bulk-insert.js';
import { checkCreditCode } from '../../conflicts/keys/credit-code.js';
import { findMatches, prepareQuery, type ConflictQuery } from '../../conflicts/find-matches.js';
import { scoreCandidate, type CandidateCustomer } from '../../conflicts/match-scoring.js';

// Importing customers from a file (导入): every row is checked against the existing customers and
// against the rows before it, duplicates are skipped and reported, the rest go into the public pool
// in bulk, and rows naming an owner are then assigned to that rep (capacity rules apply).

export interface ImportRow extends Omit<CustomerInput, 'phones' | 'emails'> {
  /** 1-based line of the row in its file, for the report. */
  line: number;
  phones?: string[];
  emails?: string[];
  /** The owner's WeCom userid or name; empty for the public pool. */
  owner?: string;
}

export interface ImportReport {
  total: number;
  imported: number;
  assigned: number;
  duplicates: { line: number; name: string; duplicateOf: { customerId: string | null; name: string; line?: number } }[];
  failed: { line: number; name: string; code: string; message: string }[];
}

export interface ImportProgress {
  phase: 'check' | 'insert' | 'assign';
  done: number;
  total: number;
}

const CHECK_BATCH = 200;

const queryOf = (row: ImportRow): ConflictQuery => ({
  name: row.name,
  creditCode: row.creditCode,
  phones: row.phones,
  emails: row.emails,
  boss: row.boss ?? row.legalRepresentative,
});

/** A row already accepted from this file, shaped as a candidate so the same scoring applies. */
function asCandidate(row: ImportRow): CandidateCustomer {
  const prepared = prepareQuery(queryOf(row));
  return {
    _id: new Types.ObjectId(),
    name: row.name,
    creditCode: prepared.creditCode ?? undefined,
    phones: prepared.phones,
    emailDomains: prepared.emailDomains,
    boss: row.boss ?? '',
    legalRepresentative: row.legalRepresentative ?? '',
  } as CandidateCustomer;
}

/** Imports rows; returns what was imported, skipped as duplicates, and refused. */
export async function importCustomers(
  rows: ImportRow[],
  ctx: DomainContext,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportReport> {
  const report: ImportReport = { total: rows.length, imported: 0, assigned: 0, duplicates: [], failed: [] };
  const valid = rows.filter((row) => {
    const code = row.creditCode?.trim() ? checkCreditCode(row.creditCode) : null;
    const problem = !row.name?.trim()
      ? '缺少客户名称'
      : code && !code.ok
        ? `统一社会信用代码“${row.creditCode}”不正确`
        : null;
    if (problem) {
      report.failed.push({
        line: row.line,
        name: row.name ?? '',
        code: problem.startsWith('统一') ? 'INVALID_CREDIT_CODE' : 'VALIDATION_FAILED',
        message: problem,
      });
    }
    return !problem;
  });

  const accepted: { row: ImportRow; candidate: CandidateCustomer }[] = [];
  // Rows accepted so far, by core name, credit code and phone: only these are compared in memory.
  const byKey = new Map<string, number[]>();
  for (let start = 0; start < valid.length; start += CHECK_BATCH) {
    const batch = valid.slice(start, start + CHECK_BATCH);
    const results = await findMatches(batch.map(queryOf), { limit: 3, expandRelated: false });
    batch.forEach((row, n) => {
      const existing = results[n]!.find((m) => m.relation === 'same');
      if (existing) {
        report.duplicates.push({
          line: row.line,
          name: row.name,
          duplicateOf: { customerId: String(existing.customer._id), name: existing.customer.name },
        });
        return;
      }
      const query = prepareQuery(queryOf(row));
      const keys = [
        ...(query.name?.readings.map((r) => `k:${r.core}`) ?? []),
        ...(query.creditCode ? [`c:${query.creditCode}`] : []),
        ...query.phones.map((p) => `p:${p}`),
      ];
      const earlier = [...new Set(keys.flatMap((k) => byKey.get(k) ?? []))]
        .map((i) => accepted[i]!)
        .find((a) => scoreCandidate(query, a.candidate, [])?.relation === 'same');
      if (earlier) {
        report.duplicates.push({
          line: row.line,
          name: row.name,
          duplicateOf: { customerId: null, name: earlier.row.name, line: earlier.row.line },
        });
        return;
      }
      const index = accepted.push({ row, candidate: asCandidate(row) }) - 1;
      keys.forEach((k) => byKey.set(k, [...(byKey.get(k) ?? []), index]));
    });
    onProgress({ phase: 'check', done: Math.min(valid.length, start + CHECK_BATCH), total: valid.length });
  }

  const ids = await insertPublicCustomers(
    accepted.map(({ row }) => {
      const { line: _line, owner: _owner, ...input } = row;
      return input;
    }),
    ctx,
    (p) => p.phase === 'insert' && onProgress({ phase: 'insert', done: p.done, total: p.total }),
  );
  ids.forEach((id, i) => {
    if (id) {
      report.imported += 1;
    } else {
      const { row } = accepted[i]!;
      report.failed.push({
        line: row.line,
        name: row.name,
        code: 'DUPLICATE_CUSTOMER',
        message: '统一社会信用代码已被其他客户使用',
      });
    }
  });
  await assignOwners(
    accepted.map((a, i) => ({ row: a.row, id: ids[i] ?? null })),
    ctx,
    report,
    onProgress,
  );
  return report;
}

/** Assigns imported rows that name an owner (by WeCom userid or name) to that rep. */
async function assignOwners(
  rows: { row: ImportRow; id: Types.ObjectId | null }[],
  ctx: DomainContext,
  report: ImportReport,
  onProgress: (p: ImportProgress) => void,
): Promise<void> {
  const wanted = rows.filter((r) => r.id && r.row.owner?.trim());
  if (wanted.length === 0) {
    return;
  }
  const names = [...new Set(wanted.map((r) => r.row.owner!.trim()))];
  const employees = await EmployeeModel.find(
    { $or: [{ userId: { $in: names } }, { name: { $in: names } }], status: 'active' },
    { userId: 1, name: 1 },
  ).lean();
  for (const [n, { row, id }] of wanted.entries()) {
    const owner = row.owner!.trim();
    const matches = employees.filter((e) => e.userId === owner || e.name === owner);
    if (matches.length !== 1) {
      report.failed.push({
        line: row.line,
        name: row.name,
        code: 'EMPLOYEE_NOT_FOUND',
        message: matches.length === 0 ? `找不到负责人“${owner}”，已留在公海` : `负责人“${owner}”重名，已留在公海`,
      });
      continue;
    }
    try {
      await transferCustomer({ customerId: id!, toEmployeeId: matches[0]!._id, reason: '导入时指定负责人' }, ctx);
      report.assigned += 1;
    } catch (error) {
      if (!isAppError(error)) {
        throw error;
      }
      report.failed.push({ line: row.line, name: row.name, code: error.code, message: `${error.message}，已留在公海` });
    }
    onProgress({ phase: 'assign', done: n + 1, total: wanted.length });
  }
}
