import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { cosCanonicalPairs, cosSignatureParts, cosUrlEncode } from '../../src/server/signing/cos.js';
import { imageOriginal } from '../../src/server/signing/image.js';
import { cosAuthorization, cosPresignedUrl, imageAuthorization, tc3Authorization } from '../../src/server/index.js';
import { tc3Date, tc3SignatureParts, tc3SigningKeys } from '../../src/server/signing/tc3.js';
import { referenceCosSignature } from './reference-signers.js';

// docs/tencent.md §2: the official example keys.
const COS_KEYS = { secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q', secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz' };
const EXAMPLE_HOST = 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com';

describe('COS UrlEncode', () => {
  test('keeps only A-Z a-z 0-9 - _ . ~ and uses uppercase hex', () => {
    assert.equal(cosUrlEncode("AZaz09-_.~ !'()*/=;腾"), 'AZaz09-_.~%20%21%27%28%29%2A%2F%3D%3B%E8%85%BE');
  });

  test('lowercases encoded keys, sorts them, and refuses keys that collide after lowercasing', () => {
    assert.deepEqual(cosCanonicalPairs({ 'X-B': 'b', a: 'A=1', acl: '' }), {
      pairs: 'a=A%3D1&acl=&x-b=b',
      list: 'a;acl;x-b',
    });
    assert.throws(() => cosCanonicalPairs({ Host: 'a', host: 'b' }), /same once lowercased/);
  });
});

describe('COS signature vectors (docs/tencent.md §2)', () => {
  test('A: PUT with seven signed headers', async () => {
    const parts = await cosSignatureParts({
      ...COS_KEYS,
      method: 'PUT',
      pathname: '/exampleobject(腾讯云)',
      keyTime: '1557989151;1557996351',
      headers: {
        'Content-Length': '13',
        'Content-MD5': 'mQ/fVh815F3k6TAUm8m0eg==',
        'Content-Type': 'text/plain',
        Date: 'Thu, 16 May 2019 06:45:51 GMT',
        Host: EXAMPLE_HOST,
        'x-cos-acl': 'private',
        'x-cos-grant-read': 'uin="100000000011"',
      },
    });
    assert.equal(parts.signKey, 'eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f');
    assert.equal(parts.httpStringSha1, '8b2751e77f43a0995d6e9eb9477f4b685cca4172');
    assert.equal(parts.headerList, 'content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read');
    assert.equal(parts.urlParamList, '');
    assert.equal(parts.signature, '3b8851a11a569213c17ba8fa7dcf2abec6935172');
    assert.equal(
      parts.authorization,
      'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351' +
        '&q-key-time=1557989151;1557996351' +
        '&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read' +
        '&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172',
    );
  });

  test('B: GET with a query that must be decoded once and encoded once', async () => {
    const parts = await cosSignatureParts({
      ...COS_KEYS,
      method: 'GET',
      pathname: '/exampleobject(腾讯云)',
      keyTime: '1557989753;1557996953',
      query: { 'response-content-type': 'application/octet-stream', 'response-cache-control': 'max-age=600' },
      headers: { Date: 'Thu, 16 May 2019 06:55:53 GMT', Host: EXAMPLE_HOST },
    });
    assert.equal(parts.signKey, '937914bf490e9e8c189836aad2052e4feeb35eaf');
    assert.equal(
      parts.httpParameters,
      'response-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream',
    );
    assert.equal(parts.httpStringSha1, '54ecfe22f59d3514fdc764b87a32d8133ea611e6');
    assert.equal(parts.signature, '01681b8c9d798a678e43b685a9f1bba0f6c0e012');
  });

  test('C: GetLiveCode without signed headers', async () => {
    const input = {
      ...COS_KEYS,
      method: 'GET',
      pathname: '/',
      query: { 'ci-process': 'GetLiveCode' },
      keyTime: '1700000000;1700000900',
    };
    const parts = await cosSignatureParts(input);
    assert.equal(parts.httpString, 'get\n/\nci-process=GetLiveCode\n\n');
    assert.equal(parts.httpStringSha1, '2e9c42faaf0946267099a52640dbe005f1973da6');
    assert.equal(
      await cosAuthorization(input),
      'q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1700000000;1700000900' +
        '&q-key-time=1700000000;1700000900&q-header-list=&q-url-param-list=ci-process' +
        '&q-signature=f0dcadd634c6c499a3fba554d583e754a0ea51d3',
    );
  });

  test('D: GetLiveCode with the host header signed', async () => {
    const input = {
      ...COS_KEYS,
      method: 'GET',
      pathname: '/',
      query: { 'ci-process': 'GetLiveCode' },
      headers: { Host: EXAMPLE_HOST },
      keyTime: '1700000000;1700000900',
    };
    assert.equal((await cosSignatureParts(input)).httpStringSha1, '21e9435184c1cc03dd1f23ff1cf179d2560e12e2');
    assert.ok(
      (await cosAuthorization(input)).endsWith(
        '&q-header-list=host&q-url-param-list=ci-process&q-signature=f14198c2edc1ba1ac09248399a4b498bcdbfd110',
      ),
    );
  });

  test('a path without its leading slash is signed as if it had one', async () => {
    const base = { ...COS_KEYS, method: 'GET', keyTime: '1700000000;1700000900' };
    assert.equal(
      await cosAuthorization({ ...base, pathname: 'a/b.mp4' }),
      await cosAuthorization({ ...base, pathname: '/a/b.mp4' }),
    );
  });

  test('refuses a malformed or reversed keyTime', async () => {
    const base = { ...COS_KEYS, method: 'GET', pathname: '/' };
    await assert.rejects(cosAuthorization({ ...base, keyTime: '1700000000' }), /keyTime/);
    await assert.rejects(cosAuthorization({ ...base, keyTime: '1700000900;1700000000' }), /keyTime/);
  });
});

describe('COS pre-signed URL', () => {
  const input = {
    ...COS_KEYS,
    bucket: 'examplebucket-1250000000',
    region: 'ap-beijing',
    query: { 'ci-process': 'GetLiveCode' },
    startTime: 1700000000,
    expiresIn: 900,
  };

  test('carries the own query and the signature fields, with host signed (vector D)', async () => {
    const url = new URL(await cosPresignedUrl(input));
    assert.equal(url.origin, `https://${EXAMPLE_HOST}`);
    assert.equal(url.pathname, '/');
    assert.deepEqual(
      [...url.searchParams],
      [
        ['ci-process', 'GetLiveCode'],
        ['q-sign-algorithm', 'sha1'],
        ['q-ak', COS_KEYS.secretId],
        ['q-sign-time', '1700000000;1700000900'],
        ['q-key-time', '1700000000;1700000900'],
        ['q-header-list', 'host'],
        ['q-url-param-list', 'ci-process'],
        ['q-signature', 'f14198c2edc1ba1ac09248399a4b498bcdbfd110'],
      ],
    );
  });

  test('adds x-cos-security-token, unsigned, for a temporary key', async () => {
    const token = 'token with / + = and 腾';
    const url = new URL(await cosPresignedUrl({ ...input, securityToken: token }));
    assert.equal(url.searchParams.get('x-cos-security-token'), token);
    assert.equal(url.searchParams.get('q-signature'), 'f14198c2edc1ba1ac09248399a4b498bcdbfd110');
  });

  test('encodes the object key in the URL and signs it decoded', async () => {
    const url = await cosPresignedUrl({ ...input, pathname: '/dir/exampleobject(腾讯云)', query: {} });
    assert.ok(url.startsWith(`https://${EXAMPLE_HOST}/dir/exampleobject%28%E8%85%BE%E8%AE%AF%E4%BA%91%29?`));
    const expected = referenceCosSignature(
      COS_KEYS.secretKey,
      'get',
      '/dir/exampleobject(腾讯云)',
      {},
      { host: EXAMPLE_HOST },
      '1700000000;1700000900',
    );
    assert.equal(new URL(url).searchParams.get('q-signature'), expected.signature);
  });

  test('signs the host of baseUrl when one is given', async () => {
    const url = new URL(await cosPresignedUrl({ ...input, baseUrl: 'http://127.0.0.1:9000' }));
    assert.equal(url.origin, 'http://127.0.0.1:9000');
    const expected = referenceCosSignature(
      COS_KEYS.secretKey,
      'get',
      '/',
      { 'ci-process': 'GetLiveCode' },
      { host: '127.0.0.1:9000' },
      '1700000000;1700000900',
    );
    assert.equal(url.searchParams.get('q-signature'), expected.signature);
  });

  test('refuses bucket and region names that could change the host', async () => {
    await assert.rejects(cosPresignedUrl({ ...input, bucket: 'evil.example/x-1250000000' }), /bucket/);
    await assert.rejects(cosPresignedUrl({ ...input, bucket: 'examplebucket' }), /bucket/);
    await assert.rejects(cosPresignedUrl({ ...input, region: 'ap-beijing.evil.example' }), /region/);
  });

  test('refuses a start time in milliseconds or a non-positive lifetime', async () => {
    await assert.rejects(cosPresignedUrl({ ...input, startTime: 1700000000.5 }), /startTime/);
    await assert.rejects(cosPresignedUrl({ ...input, expiresIn: 0 }), /expiresIn/);
  });
});

const TC3_VECTOR = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  contentType: 'application/json; charset=utf-8',
  timestamp: 1551113065,
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
};

describe('TC3-HMAC-SHA256 vector (docs/tencent.md §3)', () => {
  const input = TC3_VECTOR;

  test('intermediate values', async () => {
    const parts = await tc3SignatureParts(input);
    assert.equal(parts.payloadSha256, '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    assert.equal(parts.canonicalRequestSha256, '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    assert.equal(parts.credentialScope, '2019-02-25/cvm/tc3_request');
  });

  test('Authorization header', async () => {
    assert.equal(
      await tc3Authorization(input),
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, ' +
        'Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  test('the date is the UTC date of the timestamp, not the local one', () => {
    assert.equal(tc3Date(1551139199), '2019-02-25'); // 23:59:59 UTC
    assert.equal(tc3Date(1551139200), '2019-02-26');
  });

  test('signing keys made once sign as the SecretKey does, across services and a change of date', async () => {
    const { secretKey, ...rest } = input;
    const signingKeys = tc3SigningKeys(secretKey);
    // Back and forth over midnight and between two services: a key kept for the wrong date or service would show.
    const calls = [
      { timestamp: 1551113065, service: 'cvm' },
      { timestamp: 1551113066, service: 'faceid' },
      { timestamp: 1551139200, service: 'cvm' },
      { timestamp: 1551139199, service: 'faceid' },
      { timestamp: 1551139201, service: 'faceid' },
      { timestamp: 1551113065, service: 'cvm' },
    ];
    for (const call of calls) {
      const cached = await tc3SignatureParts({ ...rest, ...call, signingKeys });
      const derived = await tc3SignatureParts({ ...rest, ...call, secretKey });
      assert.equal(cached.authorization, derived.authorization, JSON.stringify(call));
    }
    assert.match(
      (await tc3SignatureParts({ ...rest, signingKeys })).authorization,
      /Signature=72e494ea809ad7a8c8f7a4507b9bddcb/,
    );
  });
});

describe('signing without node:crypto (an edge runtime)', () => {
  test('Web Crypto gives the same signatures and the same streamed body', () => {
    // A fresh process where node:crypto cannot be found, as on an edge runtime: the module falls back to Web Crypto.
    const script = `
      delete process.getBuiltinModule;
      const { tc3Authorization, cosAuthorization } = await import(${JSON.stringify(new URL('../../src/server/index.ts', import.meta.url).href)});
      const { base64Body, incrementalSha256 } = await import(${JSON.stringify(new URL('../../src/server/signing/crypto.ts', import.meta.url).href)});
      const input = ${JSON.stringify(TC3_VECTOR)};
      const body = await base64Body('{"VideoBase64":"', new Uint8Array(100_000).map((_, i) => i * 7), '"}');
      const cos = await cosAuthorization({ secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q', secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz',
        method: 'PUT', pathname: '/exampleobject(腾讯云)', query: { a: 'b' }, headers: { Host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com' },
        keyTime: '1557989151;1557996351' });
      console.log(JSON.stringify({ noNodeCrypto: incrementalSha256() === undefined, tc3: await tc3Authorization(input), cos,
        body: { length: body.length, sha256: body.sha256, text: await new Response(body.body).text() } }));`;
    const run = (strip: boolean) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--import',
            'tsx',
            '--input-type=module',
            '-e',
            strip ? script : script.replace('delete process.getBuiltinModule;', ''),
          ],
          {
            encoding: 'utf8',
          },
        ),
      ) as { noNodeCrypto: boolean; tc3: string; cos: string; body: { length: number; sha256: string; text: string } };
    const edge = run(true);
    const node = run(false);
    assert.equal(edge.noNodeCrypto, true);
    assert.equal(node.noNodeCrypto, false);
    assert.match(edge.tc3, /Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168$/);
    assert.equal(edge.cos, node.cos);
    assert.deepEqual(edge.body, node.body);
    assert.equal(edge.body.text.length, edge.body.length);
    assert.equal(edge.body.sha256, createHash('sha256').update(edge.body.text).digest('hex'));
  });
});

describe('legacy image-service signature (docs/tencent.md §4)', () => {
  const input = {
    appId: '1252821871',
    bucket: 'tencentyun',
    secretId: 'AKIDgaoOYh2kOmJfWVdH4lpfxScG2zPLPGoK',
    secretKey: 'nwOKDouy5JctNOlnere4gkVoOUz5EYAb',
    expires: 1438669115,
    now: 1436077115,
    rand: 11162,
  };

  test('original text and signature', async () => {
    assert.equal(
      imageOriginal(input),
      'a=1252821871&b=tencentyun&k=AKIDgaoOYh2kOmJfWVdH4lpfxScG2zPLPGoK&e=1438669115&t=1436077115&r=11162&u=0&f=',
    );
    assert.equal(
      await imageAuthorization(input),
      'p2Y5iIYyBmQNfUvPe3e1sxEN/rZhPTEyNTI4MjE4NzEmYj10ZW5jZW50eXVuJms9QUtJRGdhb09ZaDJrT21KZldWZEg0bHBmeFNjRzJ6UExQ' +
        'R29LJmU9MTQzODY2OTExNSZ0PTE0MzYwNzcxMTUmcj0xMTE2MiZ1PTAmZj0=',
    );
  });

  test('refuses an expiry that is not after now', async () => {
    await assert.rejects(imageAuthorization({ ...input, expires: input.now }), /expires/);
  });
});
