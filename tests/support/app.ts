import { silentLogger } from '../../config/logger.js';
import type { Employee } from '../../models/org/employee.model.js';
import { manualClock, type ManualClock } from '../../models/shared/clock.js';
import { createApp, type AppDeps } from '../../server/app.js';
import { issueSessionToken } from '../../server/auth/session.js';
import { createWecomClient } from '../../server/wecom/wecom.client.js';
import { testConfig } from './factories.js';
import { listen, type TestServer } from './http.js';

export interface TestApp extends TestServer {
  deps: AppDeps;
  clock: ManualClock;
  /** A session token for the employee, as the mini-app would hold after login. */
  tokenFor(employee: Pick<Employee, '_id'>): string;
  /** fetch() against the app with the employee's session. */
  as(
    employee: Pick<Employee, '_id'> | null,
  ): (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
}

/** The real app on a free loopback port, on a manual clock. */
export async function startTestApp(
  overrides: Partial<Omit<AppDeps, 'clock'>> & { clock?: ManualClock } = {},
  start = '2026-03-02T02:00:00Z',
): Promise<TestApp> {
  const clock = overrides.clock ?? manualClock(start);
  const config = overrides.config ?? testConfig();
  const deps: AppDeps = {
    config,
    clock,
    log: silentLogger,
    sessionSecret: 'test-session-secret-0123456789abcdef',
    wecom: createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom }),
    ...overrides,
  };
  const server = await listen(createApp(deps));
  const tokenFor = (employee: Pick<Employee, '_id'>) =>
    issueSessionToken(deps.sessionSecret, employee._id, clock.now());
  return {
    ...server,
    deps,
    clock,
    tokenFor,
    as:
      (employee) =>
      (path, init = {}) => {
        const headers = new Headers(init.headers);
        if (employee) {
          headers.set('authorization', `Bearer ${tokenFor(employee)}`);
        }
        let body = init.body;
        if (init.json !== undefined) {
          headers.set('content-type', 'application/json');
          body = JSON.stringify(init.json);
        }
        return fetch(`${server.url}${path}`, { ...init, headers, body });
      },
  };
}
