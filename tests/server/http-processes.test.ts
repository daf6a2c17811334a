import { afterAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { issueSessionToken } from '../../server/auth/session.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee, makePublicCustomers } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';
import { testCorpEnv } from '../support/wecom.js';

// WEB_CONCURRENCY=2 (README "Configuration"): `npm start` answers on one port from two HTTP processes, which
// coordinate through the database like separate instances — a customer claimed by several reps at once through
// both still has exactly one owner — and SIGTERM stops every process it started.

const db = useTestDatabase();
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) {
    await server.kill('SIGKILL');
  }
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const secret = 'http-processes-test-secret-0123456789';

describe('several HTTP processes', () => {
  it(
    'when WEB_CONCURRENCY=2, then two processes answer on the one port, each contested customer gets exactly one owner, and SIGTERM stops both',
    { timeout: 200_000 },
    async () => {
      const now = new Date();
      const reps = [await makeEmployee(), await makeEmployee(), await makeEmployee()];
      const customers = await makePublicCustomers(8, now);
      const server = await startServerProcess(
        {
          MONGODB_URI: db.uri(),
          ...testCorpEnv('http://127.0.0.1:9/cgi-bin'),
          SESSION_SECRET: secret,
          WEB_CONCURRENCY: '2',
          RATE_LIMIT_CLAIM: '1000/min',
        },
        150_000,
      );
      servers.push(server);
      const instances = server.logs.filter((l) => l.msg === 'HTTP process listening').map((l) => Number(l.pid));
      expect(new Set(instances).size).toBe(2);
      expect(instances).not.toContain(server.child.pid);

      // Every rep claims every customer at once, each request on a connection of its own.
      const claims = reps.flatMap((rep) =>
        customers.map(async (customer) => {
          const answer = await fetch(`${server.url}/api/customers/${String(customer._id)}/claim`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${issueSessionToken(secret, rep._id, new Date())}`,
              'content-type': 'application/json',
              connection: 'close',
            },
            body: '{}',
          });
          return { rep, customer, status: answer.status };
        }),
      );
      const answers = await Promise.all(claims);
      expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(customers.length);
      const stored = await CustomerModel.find({ _id: { $in: customers.map((c) => c._id) } }).lean();
      for (const customer of stored) {
        const winner = won.filter((a) => String(a.customer._id) === String(customer._id));
        expect(winner).toHaveLength(1);
        expect(String(customer.ownerId)).toBe(String(winner[0]!.rep._id));
      }

      // Start-up is over once the worker processes run (the primary then stops on signals in order).
      await until(() => Promise.resolve(server.logs.some((l) => l.msg === 'background work started')), 60_000);
      await server.kill('SIGTERM');
      expect(server.child.exitCode).toBe(0);
      await until(() => Promise.resolve(instances.every((pid) => !alive(pid))), 15_000);
    },
  );
});
