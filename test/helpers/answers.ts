// Generators of what a signing endpoint might answer, well-formed or not, for the property-based tests of the
// parsers (test/fuzz/parse.test.ts) and of the element (test/fuzz/element-fuzz.test.ts).
import fc from 'fast-check';
import type { LivenessErrorReason } from '../../src/errors.js';

/** Every reason README.md documents for `liveness-error`. */
export const ERROR_REASONS: ReadonlySet<LivenessErrorReason> = new Set<LivenessErrorReason>([
  'network',
  'timeout',
  'http',
  'bad-response',
  'upstream',
  'permission-denied',
  'no-device',
  'device-busy',
  'insecure-context',
  'unsupported',
  'recording-failed',
  'interrupted',
  'too-large',
  'no-speech',
  'rejected',
]);

/** The reasons that concern getting the code (README: "the first five"). */
export const CODE_REASONS: ReadonlySet<LivenessErrorReason> = new Set<LivenessErrorReason>([
  'network',
  'timeout',
  'http',
  'bad-response',
  'upstream',
]);

const DIGIT_SETS = [
  '0123456789',
  '٠١٢٣٤٥٦٧٨٩', // Arabic-Indic
  '۰۱۲۳۴۵۶۷۸۹', // Extended Arabic-Indic
  '०१२३४५६७८९', // Devanagari
  '０１２３４５６７８９', // fullwidth
  '𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗', // mathematical bold (astral)
];

const WHITESPACE = ['', ' ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b'];

const MARKUP = [
  '<b>1</b>',
  '<img src=x onerror="alert(1)">',
  '<script>alert(1)</script>',
  '<svg onload="alert(1)"/>',
  '&lt;b&gt;',
  '&amp;',
  '&#x31;',
  '&#49;',
  '<![CDATA[12]]>',
  '<!-- 1 -->',
  '"><b>x</b>',
  '${alert(1)}',
  '{{constructor}}',
  '\u202e',
];

/** Keys that are dangerous in a plain object lookup or when merged. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

/** Strings of `length` digits, drawn from one of several scripts (only the first is ASCII). */
const digitsOf = (length: number) =>
  fc.constantFrom(...DIGIT_SETS).chain((set) => {
    const digits = Array.from(set);
    return fc
      .array(fc.constantFrom(...digits), { minLength: length, maxLength: length })
      .map((chars) => chars.join(''));
  });

/** A valid code: exactly `length` ASCII digits. */
export const validCode = (length: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: length, maxLength: length }).map((chars) => chars.join(''));

/** Anything that could sit where a code goes: valid codes, near misses, other scripts, markup, noise. */
export const codeText = (length: number) =>
  fc.oneof(
    { weight: 4, arbitrary: validCode(length) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 10 }).chain((n) => digitsOf(n)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...WHITESPACE), validCode(length), fc.constantFrom(...WHITESPACE))
        .map((parts) => parts.join('')),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(validCode(length), fc.constantFrom(...MARKUP), fc.nat({ max: length }))
        .map(([code, markup, at]) => code.slice(0, at) + markup + code.slice(at)),
    },
    { weight: 1, arbitrary: fc.constantFrom(...MARKUP, ...PROTOTYPE_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  );

const xmlName = fc.constantFrom(
  'Response',
  'Error',
  'LiveCode',
  'Code',
  'Message',
  'RequestId',
  'response',
  'livecode',
  'x:Response',
  'Data',
  'html',
);

/** Text as it would appear inside an XML element: escaped, raw (possibly malformed), or CDATA. */
const xmlText = (text: string) =>
  fc.constantFrom(
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    text,
    `<![CDATA[${text}]]>`,
  );

/** Error codes and messages an upstream might send, prototype-named keys included. */
export const upstreamCodeText = fc.oneof(
  fc.constantFrom(
    'SignatureDoesNotMatch',
    'AccessDenied',
    'InternalError',
    'AuthFailure.SignatureFailure',
    '-5007',
    '15',
    '0',
    '',
    '<b>x</b>',
  ),
  fc.string({ maxLength: 20 }),
);

/** COS-style XML, well-formed or not, around a random LiveCode. */
export const xmlBody = (length: number) =>
  fc.oneof(
    // The real shape with random code text.
    codeText(length).chain((code) =>
      fc
        .tuple(
          fc.boolean(),
          xmlText(code),
          fc.option(fc.string({ maxLength: 16 }), { nil: undefined }),
          fc.constantFrom(...WHITESPACE),
        )
        .map(
          ([prolog, liveCode, requestId, space]) =>
            `${prolog ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${space}<Response>${space}<LiveCode>${liveCode}</LiveCode>` +
            `${requestId === undefined ? '' : `<RequestId>${requestId.replaceAll('<', '&lt;').replaceAll('&', '&amp;')}</RequestId>`}</Response>${space}`,
        ),
    ),
    // A COS error.
    fc
      .tuple(upstreamCodeText, fc.string({ maxLength: 30 }), fc.string({ maxLength: 10 }))
      .chain(([code, message, requestId]) =>
        fc
          .tuple(xmlText(code), xmlText(message), xmlText(requestId))
          .map(
            ([c, m, r]) =>
              `<?xml version="1.0"?><Error><Code>${c}</Code><Message>${m}</Message><RequestId>${r}</RequestId></Error>`,
          ),
      ),
    // Random trees of the known names.
    fc
      .tuple(xmlName, fc.array(fc.tuple(xmlName, codeText(length)), { maxLength: 4 }))
      .chain(([root, children]) =>
        fc
          .tuple(...children.map(([, text]) => xmlText(text)))
          .map(
            (texts) => `<${root}>${children.map(([name], i) => `<${name}>${texts[i]}</${name}>`).join('')}</${root}>`,
          ),
      ),
    // HTML pages, doctypes, processing instructions, entities that XML does not define.
    fc.constantFrom(
      '<!DOCTYPE html><html><body>Bad Gateway</body></html>',
      '<html><body><LiveCode>1234</LiveCode></body></html>',
      '<HTML>',
      '<!doctype html>',
      '<Response><LiveCode>&nbsp;1234</LiveCode></Response>',
      '<!DOCTYPE Response [<!ENTITY x "1234">]><Response><LiveCode>&x;</LiveCode></Response>',
      '<?xml version="1.0"?>',
      '<',
      '<Response/>',
      '<Response xmlns="urn:x"><LiveCode>1234</LiveCode></Response>',
      '<a:Response xmlns:a="urn:a"><a:LiveCode>1234</a:LiveCode></a:Response>',
    ),
  );

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A value of a random type, with the interesting strings over-represented. */
const jsonField = (length: number) =>
  fc.oneof({ weight: 3, arbitrary: codeText(length) }, { weight: 2, arbitrary: anyJson });

const maybeField = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

/** Drops undefined fields and optionally adds prototype-named keys beside the real ones. */
const withNoise = (value: Record<string, unknown>) =>
  fc.tuple(fc.boolean(), fc.constantFrom(...PROTOTYPE_KEYS), anyJson).map(([noisy, key, noise]) => {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    if (noisy) entries.push([key, noise]);
    return Object.fromEntries(entries);
  });

export const cloudApiValue = (length: number) =>
  fc
    .record({
      LiveCode: maybeField(jsonField(length)),
      RequestId: maybeField(jsonField(length)),
      Error: fc.option(
        fc.oneof(
          fc.record({
            Code: maybeField(fc.oneof(upstreamCodeText, anyJson)),
            Message: maybeField(fc.oneof(fc.string(), anyJson)),
          }),
          anyJson,
        ),
        { nil: undefined, freq: 3 },
      ),
    })
    .chain(withNoise)
    .map((Response) => ({ Response }));

export const legacyValue = (length: number) =>
  fc
    .record({
      code: fc.oneof(fc.constantFrom(0, '0', 0, -5007, 15, '15', null, '', true), anyJson),
      data: maybeField(fc.oneof(fc.record({ validate_data: maybeField(jsonField(length)) }), anyJson)),
      message: maybeField(fc.oneof(fc.string(), anyJson)),
    })
    .chain(withNoise);

export const signedRequestValue = fc
  .record({
    url: fc.oneof(
      fc.constantFrom(
        'https://bucket.cos.ap-x.myqcloud.com/?ci-process=GetLiveCode',
        '/hop',
        'hop?x=1',
        'http://localhost/x',
        'javascript:alert(1)',
        'data:text/plain,1234',
        'ftp://x/',
        '//other/x',
        'http://[::1',
        '',
      ),
      fc.webUrl(),
      fc.string({ maxLength: 20 }),
      anyJson,
    ),
    method: maybeField(
      fc.oneof(fc.constantFrom('GET', 'post', 'PUT', 'G E T', 'CONNECT', 'TRACE', 'gEt', ''), anyJson),
    ),
    headers: maybeField(
      fc.oneof(
        fc.dictionary(
          fc.constantFrom('x-cos-security-token', 'Authorization', 'bad name', 'x-é', 'Content-Type'),
          fc.oneof(fc.string({ maxLength: 10 }), anyJson),
        ),
        anyJson,
      ),
    ),
    body: maybeField(fc.oneof(fc.string({ maxLength: 10 }), anyJson)),
  })
  .chain(withNoise);

/** JSON bodies: the three answer shapes with random field types, valid JSON of any shape, and broken JSON. */
export const jsonBody = (length: number) =>
  fc.oneof(
    { weight: 3, arbitrary: cloudApiValue(length).map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: legacyValue(length).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: signedRequestValue.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'null',
        '[]',
        '{}',
        '"1234"',
        '1234',
        'NaN',
        '{"Response":',
        '{"__proto__":{"LiveCode":"1234"}}',
        '{"Response":{"LiveCode":"1234","LiveCode":"x"}}',
      ),
    },
  );

/** A body with its middle or end cut off, as a dropped connection leaves it. */
const truncated = (body: fc.Arbitrary<string>) =>
  body.chain((text) => fc.nat({ max: text.length }).map((cut) => text.slice(0, cut)));

/** Any body a signing endpoint might send for a code of `length` digits. */
export const answerBody = (length: number) =>
  fc.oneof(
    { weight: 4, arbitrary: xmlBody(length) },
    { weight: 4, arbitrary: jsonBody(length) },
    { weight: 2, arbitrary: truncated(fc.oneof(xmlBody(length), jsonBody(length))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...WHITESPACE), fc.oneof(xmlBody(length), jsonBody(length)))
        .map(([lead, text]) => lead + text),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  );

/** Content types: right, wrong, odd case, with parameters, empty, or arbitrary printable ASCII. */
export const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/xml',
    'text/xml;charset=GBK',
    'APPLICATION/XML',
    'text/html',
    'text/plain',
    'application/problem+json',
    'application/octet-stream',
    'image/svg+xml',
    '',
  ),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 30 }),
);

/** HTTP statuses a Response can carry: the common ones often, any other now and then. */
export const status = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(200, 200, 201, 204, 299, 301, 304, 400, 401, 403, 404, 405, 429, 500, 502, 503, 504),
  },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);
