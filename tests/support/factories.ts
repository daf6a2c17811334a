import { Types } from 'mongoose';
import { parseConfig, type Config } from '../../config/config.js';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import { DepartmentModel, type Department } from '../../models/org/department.model.js';
import { EmployeeModel, type Employee, type Role } from '../../models/org/employee.model.js';
import { createCustomer, type CustomerInput } from '../../models/customers/use-cases/create-customer.js';
import type { DomainContext } from '../../models/shared/domain-context.js';

// Factories for tests: real documents in the test database, built through the domain where it matters.

let sequence = 0;
const next = () => ++sequence;

/** The configuration a fresh install gets, with optional overrides of the variables. */
export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({ LOG_LEVEL: 'silent', ...env });
}

export async function makeDepartment(fields: Partial<Department> = {}): Promise<Department> {
  const n = next();
  const doc = await DepartmentModel.create({ deptId: 1000 + n, name: `销售${n}组`, parentId: 1, ...fields });
  return doc.toObject();
}

export async function makeEmployee(fields: Partial<Employee> & { role?: Role } = {}): Promise<Employee> {
  const n = next();
  const doc = await EmployeeModel.create({
    userId: `user${n}`,
    name: `销售${n}`,
    departmentIds: fields.mainDepartmentId ? [fields.mainDepartmentId] : [],
    ...fields,
  });
  return doc.toObject();
}

export function employeeContext(
  employee: Pick<Employee, '_id' | 'role'>,
  now: Date,
  config: Config = testConfig(),
): DomainContext {
  return { actor: { kind: 'employee', employeeId: employee._id, role: employee.role }, now, config };
}

export function systemContext(now: Date, config: Config = testConfig(), name = 'test'): DomainContext {
  return { actor: { kind: 'system', name }, now, config };
}

export async function makePublicCustomer(now: Date, input: Partial<CustomerInput> = {}): Promise<Customer> {
  const n = next();
  return createCustomer(
    { customer: { name: `测试客户${n}有限公司`, source: 'import', ...input }, into: 'public' },
    systemContext(now),
  );
}

export async function makePublicCustomers(count: number, now: Date): Promise<Customer[]> {
  const docs = Array.from({ length: count }, () => {
    const n = next();
    return {
      _id: new Types.ObjectId(),
      name: `批量客户${n}有限公司`,
      keys: { normalizedName: `批量客户${n}有限公司`, coreName: `批量客户${n}` },
      source: 'import',
      poolState: 'public',
      publicSince: now,
      version: 1,
    };
  });
  await CustomerModel.insertMany(docs);
  return CustomerModel.find({ _id: { $in: docs.map((d) => d._id) } }).lean<Customer[]>();
}
