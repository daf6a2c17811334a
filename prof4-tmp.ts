import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { startLocalMongo } from './models/shared/db/local-mongo.js';
import { ensureIndexes } from './models/shared/db/database.js';
import './models/registry.js';
import { insertPublicCustomers } from './models/customers/use-cases/bulk-insert.js';
import { parseCompanyName } from './models/conflicts/keys/company-name.js';
import { generateCompany, seededRandom, type GeneratedCompany } from './tests/support/company-generator.js';
import { systemContext } from './tests/support/factories.js';
const s = await startLocalMongo({ storage: 'memory' });
const cpu = () => { const u = process.cpuUsage(); return Math.round((u.user + u.system) / 1000); };
const javaCpu = () => { const st = readFileSync(`/proc/${s.pid}/stat`, 'utf8').split(' '); return (Number(st[13]) + Number(st[14])) * 10; };
try {
  const uri = `${s.uri}/x`;
  await mongoose.connect(uri); await ensureIndexes();
  let t = cpu(); let j = javaCpu();
  const random = seededRandom(7);
  const existing = Array.from({ length: 2000 }, () => generateCompany(random));
  await insertPublicCustomers(existing.map((c) => c.input), systemContext(new Date()));
  const cores = new Set(existing.flatMap((c) => parseCompanyName(c.input.name).readings.map((r) => r.core)));
  const fresh: GeneratedCompany[] = [];
  while (fresh.length < 8498) { const c = generateCompany(random); const rs = parseCompanyName(c.input.name).readings.map((r) => r.core); if (!rs.some((r) => cores.has(r))) { rs.forEach((r) => cores.add(r)); fresh.push(c); } }
  console.log('seed node', cpu() - t, 'java', javaCpu() - j);
  writeFileSync('/tmp/slim/big.csv', ['name,phone,creditCode', ...[...existing.slice(0, 1000), ...fresh, ...fresh.slice(1000, 1500)].map((c) => [c.input.name, c.input.phones[0] ?? '', c.input.creditCode ?? ''].join(','))].join('\n'));
  for (const args of [['check', '/tmp/slim/big.csv'], ['import', '/tmp/slim/big.csv', '--json'], ['import', '/tmp/slim/big.csv', '--json']]) {
    j = javaCpu();
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/slim/prof4'] : []), '--import', 'tsx', 'server/cli.ts', ...args], { env: { PATH: process.env.PATH, MONGODB_URI: uri, LOG_LEVEL: 'silent' }, maxBuffer: 1 << 28 });
    const [u, sy] = r.stderr.toString().trim().split('\n').pop()!.split(' ').map(Number);
    console.log(args.join(' '), 'cli cpu', Math.round((u! + sy!) * 1000), 'java', javaCpu() - j);
  }
} finally { await mongoose.disconnect(); await s.stop(); }
