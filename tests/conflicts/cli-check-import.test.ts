import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import * as OpenCC from 'opencc-js/cn2t';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPublicCustomers } from '../../models/customers/use-cases/bulk-insert.js';
import { parseCompanyName } from '../../models/conflicts/keys/company-name.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { composeName, generateCompany, seededRandom, type GeneratedCompany } from '../support/company-generator.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee, systemContext } from '../support/factories.js';

// The check and import commands as an operator runs them: `npm run cli -- check|import <file>` in a
// child process, on the database named by MONGODB_URI, with a 10,000-line file.

const db = useTestDatabase();
const run = promisify(execFile);
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' }) as unknown as (text: string) => string;

const EXISTING = 2000;
const LINES = 10_000;
// New companies in the file: the lines left after 1,000 existing, 500 repeats and 2 bad rows.
const FRESH = LINES - 1000 - 500 - 2;
const now = new Date('2026-03-02T02:00:00Z');

interface Line {
  name: string;
  phone?: string;
  creditCode?: string;
  owner?: string;
  expect: 'existing' | 'earlier-line' | 'new' | 'invalid';
  existingIndex?: number;
}

let dir = '';
let lines: Line[] = [];
let existingIds: string[] = [];
let ownerUserId = '';

function cli(...args: string[]) {
  return run(join('node_modules', '.bin', 'tsx'), ['server/cli.ts', ...args], {
    env: { PATH: process.env.PATH, MONGODB_URI: db.uri(), LOG_LEVEL: 'silent' },
    maxBuffer: 256 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

const csvCell = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scrm-cli-'));
  ownerUserId = (await makeEmployee({ userId: 'zhangwei' })).userId;
  const random = seededRandom(7);
  const existing = Array.from({ length: EXISTING }, () => generateCompany(random));
  existingIds = (
    await insertPublicCustomers(
      existing.map((c) => c.input),
      systemContext(now),
    )
  ).map(String);
  const cores = new Set(existing.flatMap((c) => parseCompanyName(c.input.name).readings.map((r) => r.core)));
  const fresh: GeneratedCompany[] = [];
  while (fresh.length < FRESH) {
    const company = generateCompany(random);
    const readings = parseCompanyName(company.input.name).readings.map((r) => r.core);
    if (!readings.some((r) => cores.has(r))) {
      readings.forEach((r) => cores.add(r));
      fresh.push(company);
    }
  }
  // 1,000 existing companies written differently, 500 repeats of earlier lines, 2 bad credit codes,
  // and new companies, 10 of them with an owner.
  const variants = (c: GeneratedCompany, i: number) =>
    [
      composeName({ ...c.parts, layout: 'none' }, random),
      toTraditional(c.input.name),
      `${c.parts.brand}（${c.parts.city || c.parts.province}）${c.parts.industry}有限责任公司`,
    ][i % 3]!;
  const planned: Line[] = [
    ...existing.slice(0, 1000).map((c, i): Line => ({ name: variants(c, i), expect: 'existing', existingIndex: i })),
    ...fresh.map((c, i): Line => ({
      name: c.input.name,
      phone: c.input.phones[0],
      creditCode: c.input.creditCode,
      owner: i < 10 ? ownerUserId : undefined,
      expect: 'new',
    })),
    { name: '格式错误信用代码甲有限公司', creditCode: '91110108551385082A', expect: 'invalid' },
    { name: '格式错误信用代码乙有限公司', creditCode: '12345', expect: 'invalid' },
    ...fresh.slice(1000, 1500).map((c, i): Line => ({ name: variants(c, i + 1), expect: 'earlier-line' })),
  ];
  expect(planned).toHaveLength(LINES);
  lines = planned;
  writeFileSync(
    join(dir, 'companies.csv'),
    [
      'name,phone,creditCode,负责人',
      ...lines.map((l) => [l.name, l.phone, l.creditCode, l.owner].map(csvCell).join(',')),
    ].join('\n'),
  );
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- check / import', () => {
  it('when a 10,000-line CSV is checked, then every line prints one JSON object, existing companies first among their matches', async () => {
    const { code, stdout } = await cli('check', join(dir, 'companies.csv'));

    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            query: { name: string };
            matches: { customerId: string; relation: string; state: string; matchedOn: string[]; score: number }[];
          },
      );
    expect(results).toHaveLength(LINES);
    results.forEach((r, i) => expect(r.query.name).toBe(lines[i]!.name));
    const existing = results.filter((_, i) => lines[i]!.expect === 'existing');
    const found = existing.filter(
      (r, i) => r.matches[0]?.customerId === existingIds[lines[i]!.existingIndex!] && r.matches[0]?.relation === 'same',
    );
    expect(found.length).toBe(1000);
    expect(existing[0]!.matches[0]).toMatchObject({ state: 'public', owner: null });
    const newOnes = results.filter((_, i) => lines[i]!.expect === 'new');
    expect(newOnes.filter((r) => r.matches.some((m) => m.relation === 'same')).length).toBeLessThanOrEqual(
      newOnes.length * 0.01,
    );
  }, 300_000);

  it('when the same file is imported, then new companies go in, duplicates and bad rows are reported, and a second import adds nothing', async () => {
    const first = await cli('import', join(dir, 'companies.csv'));

    expect(first.code).toBe(1); // two rows failed
    expect(first.stderr).toContain('查重 9998/9998');
    expect(first.stdout).toContain(
      `共 ${LINES} 行：导入 ${FRESH} 个客户（分配负责人 10 个），跳过重复 1500 行，失败 2 行。`,
    );
    expect(first.stdout).toContain('统一社会信用代码“12345”不正确');
    expect(await CustomerModel.countDocuments()).toBe(EXISTING + FRESH);
    expect(await CustomerModel.countDocuments({ poolState: 'private' })).toBe(10);
    expect(await LedgerEntryModel.countDocuments({ action: 'create' })).toBe(EXISTING + FRESH);

    const second = await cli('import', join(dir, 'companies.csv'), '--json');
    const report = JSON.parse(second.stdout) as { imported: number; duplicates: unknown[]; failed: unknown[] };
    expect(report).toMatchObject({ imported: 0 });
    expect(report.duplicates).toHaveLength(LINES - 2);
    expect(await CustomerModel.countDocuments()).toBe(EXISTING + FRESH);
  }, 300_000);

  it('when the file is XLSX with Chinese headers or plain lines, then it is read the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['客户名称', '手机', '统一社会信用代码']);
    sheet.addRow([lines[0]!.name, '', '']);
    sheet.addRow(['全新未见过的一家公司', '13000000000', '']);
    await workbook.xlsx.writeFile(join(dir, 'few.xlsx'));
    writeFileSync(join(dir, 'few.txt'), `${lines[0]!.name}\n\n全新未见过的一家公司\n`);

    for (const file of ['few.xlsx', 'few.txt']) {
      const { code, stdout } = await cli('check', join(dir, file));
      const results = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { query: { name: string }; matches: { customerId: string }[] });
      expect(code).toBe(0);
      expect(results.map((r) => r.query.name)).toEqual([lines[0]!.name, '全新未见过的一家公司']);
      expect(results[0]!.matches[0]?.customerId).toBe(existingIds[0]);
      expect(results[1]!.matches).toEqual([]);
    }
  }, 120_000);
});
