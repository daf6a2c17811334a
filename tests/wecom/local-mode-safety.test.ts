import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DepartmentModel } from '../../models/org/department.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee } from '../support/factories.js';
import { startServerProcess } from '../support/server-process.js';

// Local mode (the demo corp) must never run on a company's real database: started against one, the
// demo re-sync would resign its employees, rename its departments and let anyone log in as a manager.

const db = useTestDatabase();
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-local-safety-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function realCorp(): Promise<void> {
  await DepartmentModel.create({ deptId: 1, name: '真实公司', parentId: null });
  await makeEmployee({ userId: 'realboss', name: '真老板', role: 'manager', leaderOfDepartmentIds: [1] });
  await makeEmployee({ userId: 'realrep', name: '真销售', mainDepartmentId: 1 });
}

async function untouched(): Promise<void> {
  expect(await EmployeeModel.countDocuments({ status: 'resigned' })).toBe(0);
  expect(await EmployeeModel.exists({ userId: 'zhaolei' })).toBeNull();
  expect((await DepartmentModel.findOne({ deptId: 1 }).lean())?.name).toBe('真实公司');
}

describe('local mode refuses a database it did not create', () => {
  it('when MONGODB_URI is set without WeCom credentials, then the server refuses to start and says why', async () => {
    await realCorp();
    await expect(startServerProcess({ MONGODB_URI: db.uri(), DATA_DIR: dataDir }, 60_000)).rejects.toThrow(
      /MONGODB_URI is set but no WeCom credentials are/,
    );
    await untouched();
  });

  it('when the demo switch is on but the database holds a real corp, then it still refuses and nothing changes', async () => {
    await expect(
      startServerProcess({ MONGODB_URI: db.uri(), DATA_DIR: dataDir, LOCAL_DEMO_MONGODB: 'true' }, 60_000),
    ).rejects.toThrow(/local mode refuses this database/);
    await untouched();
  });

  it('when the re-sync is run from the CLI in local mode on that database, then it refuses', () => {
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'resync'], {
      env: { PATH: process.env.PATH, MONGODB_URI: db.uri(), DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/not created by local mode/);
  });
});
