import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { answerMalformedRequests } from '../../server/client-errors.js';
import { expectError } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';

// Requests no route answers, and requests Node's HTTP parser refuses, get the product's JSON errors
// (a code and a Chinese message), like every other error: found by the fuzzing pass (tests/hostile).

useTestDatabase();
let app: TestApp;
let server: Server;
let port = 0;

beforeAll(async () => {
  app = await startTestApp();
  // As server/main.ts listens: the app plus the answer to malformed requests.
  server = createServer(createApp(app.deps).callback());
  answerMalformedRequests(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends raw bytes and answers the status line and the body. */
function raw(bytes: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    socket.on('end', () =>
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        body: text.slice(text.indexOf('\r\n\r\n') + 4),
      }),
    );
    socket.on('error', reject);
  });
}

describe('requests no route answers', () => {
  it('when the path does not exist, then 404 NOT_FOUND as JSON', async () => {
    await expectError(await fetch(`${app.url}/api/customers/a/b/c`), 404, 'NOT_FOUND');
    await expectError(await fetch(`${app.url}/nope`, { method: 'POST' }), 404, 'NOT_FOUND');
  });

  it('when the path exists but not with that method, then 405 METHOD_NOT_ALLOWED as JSON, with Allow', async () => {
    const put = await fetch(`${app.url}/api/me`, { method: 'PUT' });
    expect(put.headers.get('allow')).toContain('GET');
    await expectError(put, 405, 'METHOD_NOT_ALLOWED');
    await expectError(await fetch(`${app.url}/healthz`, { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED');
  });

  it('when the method is one no route implements (PROPFIND), then 405 as JSON, not a 501 server error', async () => {
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${app.url}/api/me`, { method: 'PROPFIND' }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status.status).toBe(405);
    expect(JSON.parse(status.body)).toMatchObject({
      error: { code: 'METHOD_NOT_ALLOWED', message: expect.stringMatching(/[\u4e00-\u9fa5]/) as string },
    });
  });
});

describe('requests the HTTP parser refuses', () => {
  it('when the URL is longer than the server accepts, then 431 HEADERS_TOO_LARGE as JSON', async () => {
    const answer = await raw(`GET /api/pool/customers?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/[\u4e00-\u9fa5]/) as string },
    });
  });

  it('when the bytes are not HTTP, then 400 VALIDATION_FAILED as JSON', async () => {
    const answer = await raw('HELLO THERE\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
