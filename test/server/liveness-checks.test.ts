import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTake } from '../../src/server/index.js';
import { AVI_HEAD, FLV_HEAD, blobOf, makeTake } from './media.js';

describe('checkTake: what Tencent accepts, read from the bytes', () => {
  test('accepts a 3 s MP4 with video and audio', async () => {
    const check = await checkTake(blobOf(await makeTake()));
    assert.equal(check.ok, true);
    assert.ok(check.ok);
    assert.equal(check.durationSeconds, 3);
    assert.match(check.mimeType, /^video\/mp4/);
    assert.equal(check.transcoded, false);
  });

  test('a WebM is refused as unsupported-container, with a message about MP4 and transcoding', async () => {
    const check = await checkTake(blobOf(await makeTake({ container: 'webm' }), 'video/mp4'));
    assert.deepEqual(check.ok ? undefined : [check.reason, check.details?.container], [
      'unsupported-container',
      'webm',
    ]);
    assert.ok(!check.ok && /WebM/.test(check.message) && /transcod/.test(check.message), check.ok ? '' : check.message);
  });

  test('a WebM goes through the transcoder when one is given, and its output is checked again', async () => {
    const mp4 = await makeTake();
    let seen: Blob | undefined;
    const check = await checkTake(blobOf(await makeTake({ container: 'webm' })), {
      transcode: async (video) => {
        seen = video;
        return blobOf(mp4, 'video/mp4');
      },
    });
    assert.ok(seen);
    assert.ok(check.ok);
    assert.equal(check.transcoded, true);
    const broken = await checkTake(blobOf(await makeTake({ container: 'webm' })), {
      transcode: async (video) => video,
    });
    assert.deepEqual(broken.ok ? undefined : broken.reason, 'unsupported-container');
    assert.match(broken.ok ? '' : broken.message, /transcoder did not produce an MP4/);
  });

  test('a QuickTime file is not trusted as MP4', async () => {
    const check = await checkTake(blobOf(await makeTake({ container: 'mov' }), 'video/mp4'));
    assert.deepEqual(check.ok ? undefined : [check.reason, check.details?.container], [
      'unsupported-container',
      'quicktime',
    ]);
  });

  test('AVI and FLV are recognised and refused: Tencent takes them, but they cannot be inspected here', async () => {
    for (const [head, name] of [
      [AVI_HEAD, 'AVI'],
      [FLV_HEAD, 'FLV'],
    ] as const) {
      const check = await checkTake(blobOf(head));
      assert.equal(check.ok ? undefined : check.reason, 'unsupported-container', name);
      assert.match(check.ok ? '' : check.message, new RegExp(`${name}.*only inspect MP4`));
    }
  });

  test('random bytes, text and an empty file are not a video, whatever their type says', async () => {
    const samples = [
      new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff),
      new TextEncoder().encode('hello'),
      new Uint8Array(0),
    ];
    for (const bytes of samples) {
      const check = await checkTake(blobOf(bytes, 'video/mp4'));
      assert.equal(check.ok ? undefined : check.reason, 'not-a-video');
    }
  });

  test('a truncated MP4 is not a video', async () => {
    const mp4 = await makeTake();
    const check = await checkTake(blobOf(mp4.slice(0, 200)));
    assert.equal(check.ok, false);
  });

  test('an MP4 without audio is refused as no-audio, one without video as no-video', async () => {
    const silent = await checkTake(blobOf(await makeTake({ audio: false })));
    assert.equal(silent.ok ? undefined : silent.reason, 'no-audio');
    const audioOnly = await checkTake(blobOf(await makeTake({ video: false })));
    assert.equal(audioOnly.ok ? undefined : audioOnly.reason, 'no-video');
  });

  test('duration bounds: defaults 1–10 s, and configurable', async () => {
    const long = await checkTake(blobOf(await makeTake({ seconds: 12 })));
    assert.deepEqual(
      long.ok ? undefined : [long.reason, long.details?.durationSeconds, long.details?.maxDurationSeconds],
      ['too-long', 12, 10],
    );
    const short = await checkTake(blobOf(await makeTake({ seconds: 2 })), { minDurationSeconds: 3 });
    assert.equal(short.ok ? undefined : short.reason, 'too-short');
    assert.ok((await checkTake(blobOf(await makeTake({ seconds: 12 })), { maxDurationSeconds: 15 })).ok);
  });

  test('size counts after base64: 6291456 raw bytes fit in 8 MiB, one more does not', async () => {
    const fits = await checkTake(new Blob([new Uint8Array(6_291_456)]));
    assert.notEqual(fits.ok ? undefined : fits.reason, 'too-large');
    const over = await checkTake(new Blob([new Uint8Array(6_291_457)]));
    assert.deepEqual(over.ok ? undefined : [over.reason, over.details?.base64Bytes, over.details?.maxBase64Bytes], [
      'too-large',
      8_388_612,
      8_388_608,
    ]);
    const small = await checkTake(blobOf(await makeTake()), { maxBase64Bytes: 1000 });
    assert.equal(small.ok ? undefined : small.reason, 'too-large');
  });

  test('bad limits fail at once', async () => {
    await assert.rejects(
      checkTake(new Blob([]), { minDurationSeconds: 5, maxDurationSeconds: 2 }),
      /minDurationSeconds/,
    );
    await assert.rejects(checkTake(new Blob([]), { maxBase64Bytes: 0 }), /maxBase64Bytes/);
  });
});
