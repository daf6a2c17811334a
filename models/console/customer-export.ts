import { CustomerModel, type Customer } from '../customers/customer.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { stageLabels, stateLabels } from '../shared/vocabulary.js';
import { customerFilter, customerRows, type CustomerFilters } from './customer-list.js';

// Excel export of the customer list as filtered: the same rows the viewer sees, contacts masked the
// same way, and every text that a spreadsheet would run as a formula (= + - @, tab, CR) neutralised.

export const EXPORT_LIMIT = 20_000;

/** A text a spreadsheet shows as text, never evaluates. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export async function exportConsoleCustomers(filters: CustomerFilters, ctx: DomainContext): Promise<Buffer> {
  const { filter, departments: _departments, viewer: _viewer, ...access } = await customerFilter(filters, ctx);
  const customers = await CustomerModel.find(filter).sort({ _id: -1 }).limit(EXPORT_LIMIT).lean<Customer[]>();
  const rows = await customerRows(customers, access);
  // Loaded on first export, not at server start-up (exceljs is a large share of the start-up's modules).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  sheet.columns = [
    { header: '客户名称', key: 'name', width: 36 },
    { header: '状态', key: 'state', width: 8 },
    { header: '负责人', key: 'owner', width: 10 },
    { header: '团队', key: 'team', width: 14 },
    { header: '等级', key: 'grade', width: 6 },
    { header: '阶段', key: 'stage', width: 8 },
    { header: '地区', key: 'region', width: 14 },
    { header: '行业', key: 'industry', width: 12 },
    { header: '电话', key: 'phones', width: 24 },
    { header: '掉保日期', key: 'drop', width: 20 },
  ];
  for (const row of rows) {
    sheet.addRow(
      Object.fromEntries(
        Object.entries({
          name: row.customer.name,
          state: stateLabels[row.customer.poolState] ?? row.customer.poolState,
          owner: row.holder?.name ?? '',
          team: row.team,
          grade: row.customer.grade ?? '',
          stage: stageLabels[row.customer.stage] ?? row.customer.stage,
          region: row.customer.region,
          industry: row.customer.industry,
          phones: row.customer.phones.join('，'),
          drop: row.dropsAt ? row.dropsAt.toISOString().slice(0, 10) : '',
        }).map(([key, value]) => [key, neutraliseFormula(value)]),
      ),
    );
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
