// The README's table of the errors the signing handlers produce themselves ("Upstream failures come back in the
// upstream's own shape"), read from the README and checked row by row: each situation must give that status and that
// exact code in each shape, so the element's sentence for the code is the one the person reads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { CodeStore, FetchFunction } from '../../src/server/index.js';
import { HANDLERS } from './handlers-table.js';
import type { Overrides } from './handlers-table.js';
import { ENDPOINT, PAGE_ORIGIN, SECRET_KEY } from './fixtures.js';

interface Row {
  situation: string;
  status: number;
  cos: string;
  cloud: string;
  legacy: string;
}

function readmeTable(): Row[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('| situation | status | COS XML `Code` |');
  assert.ok(start >= 0, 'the README has lost its table of handler errors');
  const lines = readme.slice(start).split('\n');
  const rows: Row[] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    const [situation = '', status = '', cos = '', cloud = '', legacy = ''] = line
      .split('|')
      .slice(1, 6)
      .map((cell) => cell.trim().replace(/`/g, ''));
    rows.push({ situation, status: Number(status), cos, cloud, legacy });
  }
  return rows;
}

const hang: FetchFunction = (_url, init) =>
  new Promise((_resolve, reject) => {
    // AbortSignal.timeout's timer does not keep Node alive: this one does, until the handler aborts.
    const keepAlive = setTimeout(() => reject(new Error('the handler never aborted')), 5000);
    init.signal?.addEventListener('abort', () => {
      clearTimeout(keepAlive);
      reject(init.signal?.reason);
    });
  });

const fromPage = (init: RequestInit = {}) => new Request(ENDPOINT, { ...init, headers: { Origin: PAGE_ORIGIN } });

/** How to bring about each situation the README names; each may come about in several ways. */
type Way = { how: string; overrides?: Overrides; request: () => Request; upstreamOnly: boolean; sentBefore?: number };

/** A session as the integrator's callback gives it, for the rows about sessions. */
const asAlice: Overrides = { acceptUnboundCodes: false, session: () => 'alice' };

/** A store whose backing service is down: a real Redis going away is tested in redis-instances.test.ts. */
const unreachable = () => Promise.reject(new Error('store unreachable'));
const brokenStore: CodeStore = { admitIssue: unreachable, remember: unreachable, consume: unreachable };

const SITUATIONS: Record<string, Way[]> = {
  'origin not allowed': [
    {
      how: 'another origin',
      request: () => new Request(ENDPOINT, { headers: { Origin: 'https://evil.example' } }),
      upstreamOnly: false,
    },
  ],
  'no session': [
    {
      how: 'the callback finds none',
      overrides: { acceptUnboundCodes: false, session: () => undefined },
      request: () => fromPage(),
      upstreamOnly: false,
    },
  ],
  'too many codes for the session (Retry-After)': [
    {
      how: 'a second code within the limit of one',
      overrides: { ...asAlice, codeIssueLimit: { max: 1, windowMs: 60_000 } },
      request: () => fromPage(),
      upstreamOnly: false,
      sentBefore: 1,
    },
  ],
  // Presign mode takes no code store (the code never passes through it), so only the relaying handlers have this row.
  'the code store failed (Retry-After)': [
    {
      how: 'the store rejects',
      overrides: { ...asAlice, codeStore: brokenStore },
      request: () => fromPage(),
      upstreamOnly: true,
    },
  ],
  'method not served': [{ how: 'PUT', request: () => fromPage({ method: 'PUT' }), upstreamOnly: false }],
  'upstream timed out': [
    { how: 'no answer', overrides: { fetch: hang, timeoutMs: 20 }, request: () => fromPage(), upstreamOnly: true },
  ],
  'upstream unreachable, or it redirected': [
    {
      how: 'connection refused',
      overrides: { fetch: () => Promise.reject(new TypeError('fetch failed')) },
      request: () => fromPage(),
      upstreamOnly: true,
    },
    {
      how: 'a redirect',
      overrides: {
        fetch: async () =>
          new Response('<html>moved</html>', { status: 302, headers: { Location: 'https://elsewhere.example/' } }),
      },
      request: () => fromPage(),
      upstreamOnly: true,
    },
  ],
  'upstream answer contained a credential': [
    {
      how: 'the key in the body',
      overrides: { fetch: async () => new Response(`echo ${SECRET_KEY}`) },
      request: () => fromPage(),
      upstreamOnly: true,
    },
  ],
  'the handler itself failed': [
    { how: 'a broken clock', overrides: { now: () => Number.NaN }, request: () => fromPage(), upstreamOnly: false },
  ],
};

/** The error code an answer carries, read the way the element reads each shape. */
async function codeOf(shape: 'cos' | 'cloud' | 'legacy', response: Response): Promise<string | undefined> {
  const body = await response.text();
  if (shape === 'cos') return /<Error><Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const json = JSON.parse(body);
  return shape === 'cloud' ? json.Response?.Error?.Code : String(json.code);
}

const SHAPE_OF: Record<string, 'cos' | 'cloud' | 'legacy'> = {
  'COS presign': 'cos',
  'COS proxy': 'cos',
  FaceID: 'cloud',
  legacy: 'legacy',
};

describe("the README's table of handler errors, matched by code", () => {
  const rows = readmeTable();

  test('names every situation this test can bring about, and no other', () => {
    assert.deepEqual(rows.map((row) => row.situation).sort(), Object.keys(SITUATIONS).sort());
  });

  for (const row of rows) {
    for (const setup of HANDLERS) {
      for (const way of SITUATIONS[row.situation] ?? []) {
        if (way.upstreamOnly && !setup.callsUpstream) continue;
        test(`${setup.name}: ${row.situation} (${way.how}) → ${row.status}`, async () => {
          const handler = setup.create(way.overrides);
          for (let sent = 0; sent < (way.sentBefore ?? 0); sent += 1)
            assert.equal((await handler(way.request())).status, 200);
          const response = await handler(way.request());
          assert.equal(response.status, row.status);
          if (row.situation.includes('Retry-After')) assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
          const shape = SHAPE_OF[setup.name];
          assert.ok(shape, `no answer shape for ${setup.name}`);
          assert.equal(await codeOf(shape, response), row[shape]);
        });
      }
    }
  }
});
