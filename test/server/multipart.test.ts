// The multipart reader that replaced Response.formData() for uploads (so the take is a view, not three copies):
// it must read what browsers and undici write exactly as formData() does, and refuse anything else without a throw.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseMultipart } from '../../src/server/verify/multipart.js';

async function serialize(form: FormData): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const response = new Response(form);
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('Content-Type')! };
}

const VIDEO = new Uint8Array(70_000).map((_, index) => (index * 131) & 0xff);

async function sample(): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const form = new FormData();
  form.set('code', '0521');
  form.set('名字', '张三 "quoted" \r\n line');
  form.set('video', new Blob([VIDEO], { type: 'video/mp4' }), 'take "1".mp4');
  form.set('empty', '');
  return serialize(form);
}

describe('parseMultipart', () => {
  test('reads what fetch serializes, as formData() does, the file as a view into the body', async () => {
    const { bytes, type } = await sample();
    const expected = await new Response(bytes, { headers: { 'Content-Type': type } }).formData();
    const parts = parseMultipart(bytes, type)!;
    assert.deepEqual(
      parts.map((part) => part.name),
      [...expected.keys()],
    );
    for (const part of parts) {
      const value = expected.get(part.name)!;
      if (typeof value === 'string') assert.equal(new TextDecoder().decode(part.body), value);
      else {
        assert.equal(part.filename, value.name);
        assert.equal(part.type, value.type);
        assert.deepEqual(part.body, new Uint8Array(await value.arrayBuffer()));
        assert.equal(part.body.buffer, bytes.buffer);
      }
    }
  });

  test('refuses a body without its boundary, cut short, or with more than 64 parts', async () => {
    const { bytes, type } = await sample();
    assert.equal(parseMultipart(bytes, 'multipart/form-data'), undefined);
    assert.equal(parseMultipart(bytes.subarray(0, bytes.length - 10), type), undefined);
    const many = new FormData();
    for (let index = 0; index < 65; index += 1) many.append(`f${index}`, 'x');
    const tooMany = await serialize(many);
    assert.equal(parseMultipart(tooMany.bytes, tooMany.type), undefined);
  });

  test('2,000 random mutations and truncations: never a throw, every part inside the body', async () => {
    const { bytes, type } = await sample();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length }),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { maxLength: 4 }),
        (cut, edits) => {
          const mutated = bytes.slice(0, cut);
          for (const [at, value] of edits) if (at < mutated.length) mutated[at] = value;
          const parts = parseMultipart(mutated, type);
          for (const part of parts ?? []) {
            assert.ok(part.body.byteOffset >= 0 && part.body.byteOffset + part.body.length <= mutated.length);
          }
        },
      ),
      { numRuns: 2000, seed: 77 },
    );
  });
});
