import type { Types } from 'mongoose';
import { EmployeeModel } from '../../org/employee.model.js';
import { isAppError } from '../../shared/app-error.js';
import type { CustomerInput } from './create-customer.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { transferCustomer } from '../../pool/transfer-customer.js';
import { autoAssignImported } from './import-auto-assign.js';
import { insertPublicCustomers } from './bulk-insert.js';
import { checkCreditCode } from '../../conflicts/keys/credit-code.js';
import { parseCompanyName } from '../../conflicts/keys/company-name.js';
import { findMatches } from '../../conflicts/find-matches.js';
import type { RawMatch } from '../../conflicts/match-scoring.js';
import { recordFlags } from './import-flags.js';
import { decide, EarlierRows, queryOf, type RowDecision } from './import-decisions.js';

// Importing customers from a file (导入): every row is checked against the existing customers and
// against the rows before it. Only a sure duplicate is skipped; a doubtful one is imported and
// flagged 疑似重复 for ops, so an import never loses a company. New customers go into the public
// pool in bulk, and rows naming an owner are then assigned to that rep (capacity rules apply).

export interface ImportRow extends Omit<CustomerInput, 'phones' | 'emails'> {
  /** 1-based line of the row in its file, for the report. */
  line: number;
  phones?: string[];
  emails?: string[];
  /** The owner's WeCom userid or name; empty for the public pool. */
  owner?: string;
}

export interface ImportCandidate {
  customerId: string | null;
  name: string;
  line?: number;
}

export interface ImportReport {
  total: number;
  imported: number;
  assigned: number;
  /** Rows without an owner that automatic assignment gave one (the department's rule). */
  autoAssigned: number;
  /** Rows skipped as the same company (an exact key or a confident "same"). */
  duplicates: { line: number; name: string; duplicateOf: ImportCandidate }[];
  /** Rows imported and flagged 疑似重复 with the customer they may duplicate. */
  flagged: { line: number; name: string; customerId: string | null; candidate: ImportCandidate; reason: string }[];
  failed: { line: number; name: string; code: string; message: string }[];
}

export interface ImportProgress {
  phase: 'check' | 'insert' | 'assign';
  done: number;
  total: number;
}

export interface Accepted {
  row: ImportRow;
  flag?: { candidate: ImportCandidate; reason: string };
}

const CHECK_BATCH = 200;

function rowProblem(row: ImportRow): { code: string; message: string } | null {
  if (!row.name?.trim()) {
    return { code: 'VALIDATION_FAILED', message: '缺少客户名称' };
  }
  const code = row.creditCode?.trim() ? checkCreditCode(row.creditCode) : null;
  return code && !code.ok
    ? { code: 'INVALID_CREDIT_CODE', message: `统一社会信用代码“${row.creditCode}”不正确` }
    : null;
}

type Verdict = { kind: 'import' } | { kind: 'skip' | 'flag'; candidate: ImportCandidate; reason: string };

/** Judges a row on its matches among the customers first, then among the earlier rows of the file. */
function judgeRow(row: ImportRow, existing: RawMatch[], earlier: EarlierRows): Verdict {
  const branch = parseCompanyName(row.name).branch;
  const onCustomers = decide(existing, branch);
  const inFile = earlier.matches(row);
  const onFile = decide(
    inFile.map((m) => m.match),
    branch,
  );
  const fromCustomers = (d: Exclude<RowDecision, { kind: 'import' }>): Verdict => ({
    kind: d.kind,
    candidate: { customerId: String(d.match.customer._id), name: d.match.customer.name },
    reason: d.kind === 'flag' ? d.reason : '',
  });
  const fromFile = (d: Exclude<RowDecision, { kind: 'import' }>): Verdict => {
    const other = inFile.find((m) => m.match === d.match)!.row;
    return {
      kind: d.kind,
      candidate: { customerId: null, name: other.name, line: other.line },
      reason: d.kind === 'flag' ? d.reason : '',
    };
  };
  if (onCustomers.kind === 'skip') return fromCustomers(onCustomers);
  if (onFile.kind === 'skip') return fromFile(onFile);
  if (onCustomers.kind === 'flag') return fromCustomers(onCustomers);
  if (onFile.kind === 'flag') return fromFile(onFile);
  return { kind: 'import' };
}

/** Checks the valid rows against the customers and the earlier rows; returns the rows to import. */
async function checkRows(
  valid: ImportRow[],
  report: ImportReport,
  onProgress: (p: ImportProgress) => void,
): Promise<Accepted[]> {
  const accepted: Accepted[] = [];
  const earlier = new EarlierRows();
  for (let start = 0; start < valid.length; start += CHECK_BATCH) {
    const batch = valid.slice(start, start + CHECK_BATCH);
    const results = await findMatches(batch.map(queryOf), { limit: 3, expandRelated: false });
    batch.forEach((row, n) => {
      const verdict = judgeRow(row, results[n]!, earlier);
      if (verdict.kind === 'skip') {
        report.duplicates.push({ line: row.line, name: row.name, duplicateOf: verdict.candidate });
        return;
      }
      const flag = verdict.kind === 'flag' ? { candidate: verdict.candidate, reason: verdict.reason } : undefined;
      accepted.push({ row, ...(flag ? { flag } : {}) });
      earlier.add(row);
    });
    onProgress({ phase: 'check', done: Math.min(valid.length, start + CHECK_BATCH), total: valid.length });
  }
  return accepted;
}

/** Imports rows; returns what was imported, flagged as doubtful, skipped as duplicates, and refused. */
export async function importCustomers(
  rows: ImportRow[],
  ctx: DomainContext,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportReport> {
  const report: ImportReport = {
    total: rows.length,
    imported: 0,
    assigned: 0,
    autoAssigned: 0,
    duplicates: [],
    flagged: [],
    failed: [],
  };
  const valid = rows.filter((row) => {
    const problem = rowProblem(row);
    if (problem) {
      report.failed.push({ line: row.line, name: row.name ?? '', ...problem });
    }
    return !problem;
  });
  const accepted = await checkRows(valid, report, onProgress);
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
  await recordFlags(accepted, ids, report, ctx.now);
  await assignOwners(
    accepted.map((a, i) => ({ row: a.row, id: ids[i] ?? null })),
    ctx,
    report,
    onProgress,
  );
  report.autoAssigned = await autoAssignImported(
    accepted.map((a, i) => (a.row.owner?.trim() ? null : (ids[i] ?? null))),
    ctx,
    (done, total) => onProgress({ phase: 'assign', done, total }),
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
