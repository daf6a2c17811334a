import { readFile } from 'node:fs/promises';
import type { ImportRow } from '../../models/customers/use-cases/import-customers.js';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { AppError } from '../../models/shared/app-error.js';
import { decodeText } from './file-encoding.js';

// Reads a file of companies for the check and import commands: CSV or XLSX with a header row (a
// `name` column, optional phone, creditCode, email, boss, owner…; Chinese headers work too), or
// plain text with one company name per line.

export const customerColumns = [
  'name',
  'phone',
  'creditCode',
  'email',
  'boss',
  'owner',
  'industry',
  'region',
  'address',
] as const;
export type CustomerColumn = (typeof customerColumns)[number];

export interface FileRow {
  /** 1-based line (row) number in the file. */
  line: number;
  values: Partial<Record<CustomerColumn, string>>;
}

const aliases: Record<CustomerColumn, string[]> = {
  name: ['name', 'company', 'customer', '名称', '客户名称', '公司名称', '企业名称', '客户', '公司', '企业'],
  phone: ['phone', 'phones', 'mobile', 'tel', 'telephone', '电话', '手机', '手机号', '联系电话', '电话号码'],
  creditCode: ['creditcode', 'credit_code', 'uscc', '统一社会信用代码', '社会信用代码', '信用代码'],
  email: ['email', 'mail', 'e-mail', '邮箱', '电子邮箱', '邮件'],
  boss: ['boss', 'legalrepresentative', 'legal_representative', '老板', '法人', '法定代表人', '法人代表'],
  owner: ['owner', 'rep', '负责人', '销售', '归属人', '归属销售'],
  industry: ['industry', '行业'],
  region: ['region', 'city', '地区', '区域', '城市'],
  address: ['address', '地址'],
};

function columnOf(header: string): CustomerColumn | undefined {
  const key = header.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  return customerColumns.find((c) => aliases[c].includes(key));
}

/** A file that cannot be read as companies; nothing is imported or checked. */
export class CustomerFileError extends AppError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message);
  }
}

/** Maps the header row to columns; a header naming no known column is refused. */
function headerOf(first: string[]): (CustomerColumn | undefined)[] {
  const columns = first.map(columnOf);
  if (!columns.some(Boolean)) {
    const shown = first
      .filter((c) => c.trim())
      .slice(0, 5)
      .join('、');
    throw new CustomerFileError(
      `文件第一行（${shown || '空'}）没有可识别的列名：需要表头，至少一列为 客户名称/name，` +
        '其余可为 电话/phone、统一社会信用代码/creditCode、邮箱/email、老板/boss、负责人/owner。未导入任何数据。',
    );
  }
  return columns;
}

function rowsFromTable(table: string[][], hasHeader = true): FileRow[] {
  const header = hasHeader && table.length > 0 ? headerOf(table[0]!) : null;
  const rows: FileRow[] = [];
  table.forEach((cells, index) => {
    if (header && index === 0) {
      return;
    }
    const values: FileRow['values'] = {};
    if (header) {
      header.forEach((column, i) => {
        const value = cells[i]?.trim();
        if (column && value) {
          values[column] = value;
        }
      });
    } else if (cells[0]?.trim()) {
      values.name = cells[0].trim();
    }
    if (Object.keys(values).length > 0) {
      rows.push({ line: index + 1, values });
    }
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if ('text' in value && typeof value.text === 'string') {
    return value.text; // hyperlinks
  }
  if ('richText' in value) {
    return value.richText.map((t) => t.text).join('');
  }
  if ('result' in value) {
    return cellText(value.result); // formulas
  }
  return '';
}

async function readXlsx(content: Buffer): Promise<string[][]> {
  // Loaded on first use: exceljs costs every CLI command and server start-up a large share of its start.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const table: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    table[rowNumber - 1] = cells;
  });
  return Array.from(table, (cells) => cells ?? []);
}

/** Reads a CSV, XLSX or plain-text file into rows. */
export async function readCustomerFile(path: string): Promise<FileRow[]> {
  return parseCustomerFile(await readFile(path), path);
}

/** Parses a file's content (CSV and text in any encoding, or XLSX); the name's extension decides how. */
export async function parseCustomerFile(content: Buffer, fileName: string): Promise<FileRow[]> {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.xlsx') {
    try {
      return rowsFromTable(await readXlsx(content));
    } catch (error) {
      if (error instanceof CustomerFileError) throw error;
      throw new AppError('VALIDATION_FAILED', '无法读取该 XLSX 文件，请确认它是 Excel 工作簿');
    }
  }
  const text = decodeText(content);
  if (extension === '.csv') {
    try {
      const table: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: false });
      return rowsFromTable(table);
    } catch (error) {
      if (error instanceof CustomerFileError) throw error;
      throw new AppError('VALIDATION_FAILED', '无法解析该 CSV 文件，请检查引号和分隔符');
    }
  }
  return rowsFromTable(
    text.split(/\r?\n/).map((line) => [line]),
    false,
  );
}

/** A file's rows as the import takes them. */
export async function customerFileRows(content: Buffer, fileName: string, sourceDetail: string): Promise<ImportRow[]> {
  return importRowsOf(await parseCustomerFile(content, fileName), sourceDetail);
}

/** File rows as the import takes them. */
export function importRowsOf(file: FileRow[], sourceDetail: string): ImportRow[] {
  return file.map(({ line, values: v }) => ({
    line,
    name: v.name ?? '',
    creditCode: v.creditCode,
    phones: splitList(v.phone),
    emails: splitList(v.email),
    boss: v.boss,
    owner: v.owner,
    industry: v.industry,
    region: v.region,
    address: v.address,
    source: 'import',
    sourceDetail,
  }));
}

/** Splits a cell holding several phones or addresses (138…, 010-…; 139…). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;，；、/|]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Reads the file, or prints why it cannot be read and answers null (nothing is checked or imported). */
export async function readCustomerFileOrRefuse(path: string): Promise<FileRow[] | null> {
  try {
    return await readCustomerFile(path);
  } catch (error) {
    if (error instanceof CustomerFileError) {
      console.error(error.message);
      return null;
    }
    throw error;
  }
}

/** The customer file named on the command line, read; or null once the usage or why it cannot be read is printed. */
export async function customerFileArgument(
  args: readonly string[],
  usage: string,
): Promise<{ path: string; rows: FileRow[] } | null> {
  const path = args.find((a) => !a.startsWith('--'));
  if (!path) {
    console.error(`usage: npm run cli -- ${usage}`);
    return null;
  }
  const rows = await readCustomerFileOrRefuse(path);
  return rows ? { path, rows } : null;
}
