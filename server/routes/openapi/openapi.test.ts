import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { FollowUpModel } from '../../../models/follow-ups/follow-up.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { HOUR } from '../../../models/shared/clock.js';
import { expectError, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeEmployee } from '../../../tests/support/factories.js';
import { issueSessionToken } from '../../auth/session.js';
import { allRoutes } from '../index.js';
import { miniappOperations } from './openapi.document.js';
import type { ApiOperation } from './operation.js';

useTestDatabase();
let app: TestApp;
let team: Team;
let customerId: string;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
  customerId = String((await ownedCustomer(app, team.rep))._id);
});
afterAll(() => app.close());

const urlOf = (op: ApiOperation, id = customerId) => `/api${op.path.replace(':id', id)}`;
const send = (op: ApiOperation, headers: Record<string, string>, body?: unknown, url = urlOf(op)) =>
  fetch(`${app.url}${url}`, {
    method: op.method.toUpperCase(),
    headers: { 'content-type': 'application/json', ...headers },
    ...(op.method === 'get' ? {} : { body: JSON.stringify(body ?? {}) }),
  });

async function snapshot() {
  return {
    versions: (await CustomerModel.find({}, { version: 1 }).sort({ _id: 1 }).lean()).map((c) => c.version),
    ledger: await LedgerEntryModel.countDocuments(),
    followUps: await FollowUpModel.countDocuments(),
  };
}

describe('GET /api/openapi.json', () => {
  it('when fetched, then it documents every API route the server mounts, with request schemas from the validators', async () => {
    const res = await fetch(`${app.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; parameters: { name: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const mounted = allRoutes(app.deps).flatMap((router) =>
      router.stack
        .map((layer) => ({ path: String(layer.path), methods: layer.methods }))
        .filter(
          (layer) => layer.path.startsWith('/api/') && layer.path !== '/api/openapi.json' && layer.methods.length > 0,
        )
        .flatMap((layer) =>
          layer.methods
            .filter((m) => m !== 'HEAD')
            .map((m) => `${m.toLowerCase()} ${layer.path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`),
        ),
    );
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(mounted));
    expect(doc.paths['/api/customers/{id}/follow-ups']?.post?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { content: { type: 'string', maxLength: 5000 } } } } },
    });
    expect(doc.paths['/api/pool/customers']?.get?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'industry', 'page', 'pageSize']),
    );
  });
});

describe('every authenticated endpoint of the mini-app', () => {
  const authenticated = miniappOperations.filter((op) => op.auth);

  it('when the token is missing, forged, signed with another secret, expired, or of a resigned employee, then 401 and nothing changes', async () => {
    const before = await snapshot();
    const forged = `v1.${Buffer.from(JSON.stringify({ sub: String(team.rep._id), exp: 4102444800 })).toString('base64url')}.forged`;
    const otherSecret = issueSessionToken('another-secret-0123456789abcdef0123', team.rep._id, app.clock.now());
    const expired = issueSessionToken(
      app.deps.sessionSecret,
      team.rep._id,
      new Date(app.clock.now().getTime() - 8 * 24 * HOUR),
    );
    const resigned = app.tokenFor(await makeEmployee({ status: 'resigned', role: 'ops' }));
    const tokens = [forged, otherSecret, expired, resigned].map((t) => ({ authorization: `Bearer ${t}` }));
    for (const op of authenticated) {
      for (const headers of [{}, ...tokens]) {
        await expectError(await send(op, headers, {}), 401, 'UNAUTHENTICATED');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when any body field or query parameter is a MongoDB operator object, then 400 VALIDATION_FAILED naming it, and nothing changes', async () => {
    const before = await snapshot();
    const auth = { authorization: `Bearer ${app.tokenFor(team.manager)}` };
    let probes = 0;
    for (const op of authenticated) {
      const bodyFields = op.body instanceof z.ZodObject ? Object.keys(op.body.shape) : [];
      for (const field of bodyFields) {
        for (const operator of [{ $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }]) {
          const body = await expectError(await send(op, auth, { [field]: operator }), 400, 'VALIDATION_FAILED');
          expect(JSON.stringify(body.error.details)).toContain(`body.${field}`);
          probes++;
        }
      }
      const queryFields = op.query instanceof z.ZodObject ? Object.keys(op.query.shape) : [];
      for (const field of [...queryFields, ...(op.query ? ['ownerId'] : [])]) {
        await expectError(await send(op, auth, undefined, `${urlOf(op)}?${field}[$gt]=`), 400, 'VALIDATION_FAILED');
        probes++;
      }
      if (op.params) {
        await expectError(
          await send(op, auth, {}, urlOf(op, encodeURIComponent('{"$gt":""}'))),
          400,
          'VALIDATION_FAILED',
        );
        probes++;
      }
    }
    expect(probes).toBeGreaterThan(40);
    expect(await snapshot()).toEqual(before);
  });
});
