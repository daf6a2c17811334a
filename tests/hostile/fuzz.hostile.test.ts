import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/logger.js';
import { ensureIndexes } from '../../models/shared/db/database.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { systemClock } from '../../models/shared/clock.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { wecomEventKey } from '../../models/wecom/event-key.js';
import { issueSessionToken } from '../../server/auth/session.js';
import { apiOperations } from '../../server/routes/openapi/openapi.document.js';
import { parseCallbackXml } from '../../server/wecom/callback/callback-xml.js';
import { callbackUrl, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import { startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { resyncOrganisation } from '../../server/wecom/resync/org-resync.js';
import { jobs } from '../../server/jobs/registry.js';
import { fuzzApiRequest } from '../support/api-fuzz.js';
import { fuzzEventPost, fuzzVerification, oddEventXml, type FuzzRequest } from '../support/callback-fuzz.js';
import { pick, seededRandom } from '../support/company-generator.js';
import { testDatabaseUri } from '../support/database.js';
import { employeeContext, makePublicCustomer } from '../support/factories.js';
import { randomSegment } from '../support/fuzz-values.js';
import { errorOf, httpCall, isCleanError } from '../support/http-call.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { testCorp, testCorpEnv, testWecomClient, wecomTestConfig } from '../support/wecom.js';

// A fuzzing pass over the WeCom callback and every documented API operation of the real server
// process, from one fixed seed: each failure names the request, and the same seed sends it again.

const FUZZ_SEED = 20_261_124;
const SESSION_SECRET = 'fuzz-session-secret-0123456789abcdefgh';
// Counters of refused attempts (rate limits, probes of masked phones) and the cached WeCom token legitimately change.
const MAY_CHANGE = new Set(['rate_limit_counters', 'wecom_tokens', 'phone_probes']);

let emulator: WecomEmulator;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-fuzz-'));
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
const realIds: Record<string, string[]> = { id: [], userId: ['rep1', 'mgr', 'ops1', 'nobody'] };
const tokens: string[] = [];

/** Every collection's documents, hashed: any insert, update or delete shows. */
async function snapshot(): Promise<Record<string, string>> {
  const db = mongoose.connection.db!;
  const result: Record<string, string> = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (!MAY_CHANGE.has(name)) {
      const docs = await db.collection(name).find().sort({ _id: 1 }).toArray();
      result[name] = `${docs.length}:${createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 16)}`;
    }
  }
  return result;
}

beforeAll(async () => {
  const uri = testDatabaseUri();
  await mongoose.connect(uri);
  await ensureIndexes();
  emulator = await startWecomEmulator({ corp: testCorp });
  emulator.addDepartment(1, '公司', 0);
  emulator.addDepartment(10, '销售一组', 1);
  emulator.addUser({ userid: 'mgr', name: '主管老周', department: [10], is_leader_in_dept: [1] });
  emulator.addUser({ userid: 'rep1', name: '销售1', department: [10] });
  emulator.addUser({ userid: 'rep2', name: '销售2', department: [10] });
  emulator.addUser({ userid: 'ops1', name: '运营小钱', department: [1], customerContact: false });
  const config = wecomTestConfig(emulator.apiBase);
  await resyncOrganisation(
    { config, wecom: testWecomClient(config), clock: systemClock, log: silentLogger },
    { dryRun: false, errors: [] },
  );
  await EmployeeModel.updateOne({ userId: 'ops1' }, { $set: { role: 'ops' } });
  const employees = await EmployeeModel.find().lean();
  const rep1 = employees.find((e) => e.userId === 'rep1')!;
  for (let i = 0; i < 6; i++) {
    const customer = await makePublicCustomer(new Date(), { name: `模糊测试${i}号电子有限公司` });
    realIds.id!.push(String(customer._id));
    if (i < 3) {
      await claimCustomer({ customerId: customer._id }, employeeContext(rep1, new Date(), config));
    }
  }
  realIds.id!.push(...employees.map((e) => String(e._id)));
  tokens.push(...employees.map((e) => issueSessionToken(SESSION_SECRET, e._id, new Date())));
  server = await startServerProcess({
    MONGODB_URI: uri,
    DATA_DIR: dataDir,
    ...testCorpEnv(emulator.apiBase),
    SESSION_SECRET,
    RATE_LIMIT_POOL_SEARCH: '100000/min',
    RATE_LIMIT_CLAIM: '100000/min',
    RATE_LIMIT_CONFLICT_CHECK: '100000/min',
    RATE_LIMIT_CUSTOMER_READ: '100000/min',
    RATE_LIMIT_LOGIN_ADDRESS: '100000/min',
    RATE_LIMIT_LOGIN_EMPLOYEE: '100000/min',
    JOB_SCHEDULES: jobs.map((job) => `${job.name}=off`).join(';'),
  });
}, 120_000);

afterAll(async () => {
  await server?.kill('SIGKILL');
  agent.destroy();
  await emulator?.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

function fuzzRequests(): FuzzRequest[] {
  const random = seededRandom(FUZZ_SEED);
  const now = new Date();
  const requests: FuzzRequest[] = [];
  for (let i = 0; i < 300; i++) {
    requests.push(fuzzVerification(random, testCorp, now));
  }
  for (let i = 0; i < 600; i++) {
    requests.push(fuzzEventPost(random, testCorp, now));
  }
  // Logout ends the sessions of the employee whose token it carries (server/routes/auth/sessions.test.ts):
  // the other requests need those sessions, and the database must not change.
  for (const op of apiOperations.filter((o) => !o.path.endsWith('/auth/logout'))) {
    for (let i = 0; i < 60; i++) {
      requests.push(fuzzApiRequest(random, op, { tokens, realIds }));
    }
  }
  for (let i = 0; i < 150; i++) {
    // Routes that do not exist, methods nobody mounted.
    const method = pick(random, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'OPTIONS']);
    requests.push({
      label: `${method} (no such route)`,
      method,
      path:
        pick(random, ['/api/', '/api/customers', '/', '/wecom', '/healthz/x', '/api/openapi.json/x']) +
        randomSegment(random).slice(0, 200),
      headers: {},
    });
  }
  return requests;
}

describe('fuzzing the callback and every API operation', () => {
  it(
    'when thousands of random and mutated requests arrive, then none gets a 5xx, every error is JSON with a code and a Chinese message (one the operation documents), the process stays up, and nothing is stored',
    { timeout: 240_000 },
    async () => {
      const before = await snapshot();
      const requests = fuzzRequests();
      const failures: string[] = [];
      const codes = new Set<string>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < requests.length) {
            const request = requests[next++]!;
            const outcome = await httpCall(`${server.url}${request.path}`, {
              method: request.method,
              headers: request.headers,
              body: request.body,
              agent,
              timeoutMs: 30_000,
            });
            const clean = outcome.status < 400 || request.method === 'HEAD' || isCleanError(outcome);
            const code = errorOf(outcome)?.code;
            codes.add(code ?? String(outcome.status));
            const undocumented =
              outcome.status >= 400 && request.documented !== undefined && !request.documented.includes(code ?? '');
            if (outcome.error || outcome.status >= 500 || !clean || undocumented) {
              failures.push(
                `${request.label} ${request.method} ${request.path.slice(0, 160)} → ${outcome.status || outcome.error} ${outcome.body.slice(0, 160)}`,
              );
            }
          }
        }),
      );

      expect(requests.length).toBeGreaterThan(2500);
      expect(failures, `seed ${FUZZ_SEED}`).toEqual([]);
      // The inputs got past validation into the crypto and the domain, not only bounced at the door.
      expect([...codes]).toEqual(
        expect.arrayContaining([
          'WECOM_CALLBACK_DECRYPT_FAILED',
          'WECOM_CALLBACK_RECEIVER_MISMATCH',
          'WECOM_CALLBACK_XML_INVALID',
          'WECOM_CALLBACK_XML_FORBIDDEN',
          'WECOM_CALLBACK_TIMESTAMP_STALE',
          'CUSTOMER_NOT_FOUND',
          'CASE_NOT_FOUND',
          'EMPLOYEE_NOT_FOUND',
          'FORBIDDEN',
          // WECOM_CODE_INVALID (a junk login code reaching WeCom) is not required: since the console's and
          // security's operations joined the document, this seed's mutations of the login body all fail
          // validation first. server/routes/auth tests cover the code refusal itself.
          '200',
        ]),
      );
      expect(server.child.exitCode).toBeNull();
      expect((await httpCall(`${server.url}/healthz`)).status).toBe(200);
      expect(await snapshot()).toEqual(before);
    },
  );

  it(
    'when genuine-looking events carry odd fields, then each is either refused cleanly and not stored, or acknowledged and stored',
    { timeout: 120_000 },
    async () => {
      const random = seededRandom(FUZZ_SEED + 1);
      const answers: { key: string | null; status: number; clean: boolean; body: string }[] = [];
      for (let i = 0; i < 300; i++) {
        const xml = oddEventXml(random, testCorp, new Date());
        const callback = signedCallback(testCorp, xml, new Date());
        const outcome = await httpCall(`${server.url}${callbackUrl('/wecom/callback', callback.query)}`, {
          method: 'POST',
          body: callback.body,
          agent,
          timeoutMs: 30_000,
        });
        let key: string | null = null;
        try {
          key = wecomEventKey(parseCallbackXml(xml));
        } catch {
          // Not well-formed: it must be refused.
        }
        answers.push({
          key,
          status: outcome.status,
          clean: outcome.status === 200 || isCleanError(outcome),
          body: outcome.body.slice(0, 200),
        });
      }

      expect(
        answers.filter((a) => a.status >= 500 || a.status === 0 || !a.clean),
        `seed ${FUZZ_SEED + 1}`,
      ).toEqual([]);
      const acknowledged = new Set(answers.filter((a) => a.status === 200).map((a) => a.key!));
      const refused = answers
        .filter((a) => a.status !== 200 && a.key !== null && !acknowledged.has(a.key))
        .map((a) => a.key!);
      expect(acknowledged.size).toBeGreaterThan(50);
      expect(await WecomEventModel.countDocuments({ _id: { $in: [...acknowledged] } })).toBe(acknowledged.size);
      expect(await WecomEventModel.countDocuments({ _id: { $in: refused } })).toBe(0);
      expect(server.child.exitCode).toBeNull();
    },
  );
});
