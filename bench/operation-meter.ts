import { Agent } from 'node:http';
import type { Types } from 'mongoose';
import { silentLogger } from '../config/logger.js';
import type { Config } from '../config/config.js';
import { systemClock } from '../models/shared/clock.js';
import { createApp } from '../server/app.js';
import { issueSessionToken } from '../server/auth/session.js';
import { createWecomClient } from '../server/wecom/wecom.client.js';
import { listen, type TestServer } from '../tests/support/http.js';
import type { ExaminedTotals } from '../tests/support/examined.js';
import { httpRequest, type HttpAnswer } from './bench-server.js';
import { countCommands, type CommandCounter } from './command-counter.js';

// Commands per operation over HTTP: the real app, in this process, on a connection with command monitoring,
// so every command one request issues (authentication, rate limits, the domain, the answer) is counted with
// what the database examined for it, and this process's CPU for it (the server's side dominates: the client
// is one keep-alive request).

export interface MeteredAnswer extends HttpAnswer {
  counted: ExaminedTotals;
  cpuMs: number;
}

export interface OperationMeter {
  request(employeeId: Types.ObjectId, method: string, path: string, body?: unknown): Promise<MeteredAnswer>;
  /** A request without a session (e.g. a WeCom callback): the path with its query, the body as sent. */
  raw(
    path: string,
    options: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<MeteredAnswer>;
  close(): Promise<void>;
}

const sessionSecret = 'bench-meter-session-secret-0123456789';

export async function operationMeter(config: Config): Promise<OperationMeter> {
  const counter: CommandCounter = await countCommands();
  const app = createApp({
    config,
    clock: systemClock,
    log: silentLogger,
    sessionSecret,
    wecom: createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom }),
  });
  const server: TestServer = await listen(app);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    async request(employeeId, method, path, body) {
      const token = issueSessionToken(sessionSecret, employeeId, new Date());
      const { result, counted, cpuMs } = await counter.measure(() =>
        httpRequest(agent, `${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
      return { ...result, counted, cpuMs };
    },
    async raw(path, options) {
      const { result, counted, cpuMs } = await counter.measure(() =>
        httpRequest(agent, `${server.url}${path}`, options),
      );
      return { ...result, counted, cpuMs };
    },
    async close() {
      agent.destroy();
      await server.close();
      counter.stop();
    },
  };
}
