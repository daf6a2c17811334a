import type { Server } from 'node:http';
import { createApp, type AppDeps } from '../app.js';
import { answerMalformedRequests } from '../client-errors.js';

/** Listens and resolves with the port, once the server accepts connections. */
export async function listen(deps: AppDeps): Promise<{ server: Server; port: number }> {
  const { config } = deps;
  const server: Server = createApp(deps).listen(config.port, config.host);
  // Longer than the idle timeout of the proxies and clients that keep connections open to us (nginx and
  // cloud load balancers: 60 s); with Node's 5 s default, a request sent on a connection the server is
  // just closing is reset (a proxy reports it as a 502).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  answerMalformedRequests(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { server, port };
}

/** The start-up line people (and the benchmarks) wait for. */
export function logListening(deps: Pick<AppDeps, 'config' | 'log'>, port: number, processes = 1): void {
  deps.log.info('server listening', {
    url: `http://127.0.0.1:${port}`,
    host: deps.config.host,
    health: `http://127.0.0.1:${port}/healthz`,
    mode: deps.config.mode,
    ...(processes > 1 ? { httpProcesses: processes } : {}),
  });
}
