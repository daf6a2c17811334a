import { once } from 'node:events';
import { createRequire } from 'node:module';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/logger.js';
import { outcomeUncertain } from '../../models/shared/uncertain-outcome.js';
import { errorAnswer } from '../../server/middleware/error-handler.js';

// The database closing a connection just before the driver writes a command on it (it restarts, or drops idle
// connections): the driver's write raises Node's own socket error, not a MongoNetworkError. Seen in the hostile
// database-restart run as a 500 on the pool search. Here the real driver connection writes on a socket whose peer
// has ended it, which raises exactly that error.

const require = createRequire(import.meta.url);
type Command = (ns: unknown, command: object, options: object) => Promise<unknown>;
const { Connection } = require('mongodb/lib/cmap/connection') as {
  Connection: new (socket: Socket, options: object) => { command: Command };
};
const { ns } = require('mongodb/lib/utils') as { ns: (namespace: string) => unknown };

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

/** A connected socket whose other end has closed it (the database went away, or dropped it). */
async function socketEndedByPeer(): Promise<Socket> {
  const server = createServer((socket) => socket.end());
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = connect((server.address() as { port: number }).port, '127.0.0.1');
  // The failed write is reported to its callback and again as the socket's 'error' event.
  socket.on('error', () => {});
  await once(socket, 'end');
  return socket;
}

async function failure(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the write to fail');
}

const scene = { method: 'GET', path: '/api/pool/customers', requestId: 'r-1' };

describe('a command written on a connection the database has closed', () => {
  it('when the driver writes a command on it, then the request is answered 503 DATABASE_UNAVAILABLE with Retry-After, and the change counts as possibly made', async () => {
    const socket = await socketEndedByPeer();
    const connection = new Connection(socket, {
      id: 1,
      generation: 0,
      monitorCommands: false,
      socketTimeoutMS: 0,
      loadBalanced: false,
      metadata: {},
      hostAddress: { toString: () => '127.0.0.1' },
    });
    const error = await failure(() => connection.command(ns('scrm.$cmd'), { find: 'customers' }, {}));
    // Node's error as the driver passes it on.
    expect(error.name).toBe('Error');
    expect((error as NodeJS.ErrnoException).code).toBe('EPIPE');

    const answer = errorAnswer(error, scene, silentLogger);
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(answer.body.error.message).toBe('数据库暂时不可用，请稍后重试');
    expect(answer.headers['Retry-After']).toBeDefined();
    // A reservation made before it is not given back: nobody can tell whether the write landed.
    expect(outcomeUncertain(error)).toBe(true);
  });

  it('when the same socket error comes from anything but the driver, then it is not taken for the database: a generic 500', async () => {
    const socket = await socketEndedByPeer();
    const error = await failure(
      () => new Promise((resolve, reject) => socket.write('x', (e) => (e ? reject(e) : resolve(undefined)))),
    );
    expect((error as NodeJS.ErrnoException).code).toBe('EPIPE');

    const answer = errorAnswer(error, scene, silentLogger);
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('INTERNAL');
    expect(outcomeUncertain(error)).toBe(false);
  });
});
