// Rewrites boxes of a real MP4 to build hostile files in the test itself: the file stays a valid box tree (every
// parent's size follows the edit), only the counts inside say what they should not.

export function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** A box of `type` holding `payload`. */
export function box(type: string, payload: number[]): number[] {
  return [...u32(8 + payload.length), ...[...type].map((c) => c.charCodeAt(0)), ...payload];
}

interface Found {
  start: number;
  end: number;
  /** Where each enclosing box starts, outermost first. */
  parents: number[];
}

function typeAt(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at + 4, at + 8));
}

function sizeAt(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(at);
}

/**
 * Finds a box by its path of types, e.g. `['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsz']`; `'trak:1'` is the
 * second `trak`. Plain 32-bit sizes only, which is what mediabunny writes.
 */
export function findBox(bytes: Uint8Array, path: string[]): Found {
  let start = 0;
  let end = bytes.length;
  const parents: number[] = [];
  for (const [depth, step] of path.entries()) {
    const [type, nth = '0'] = step.split(':');
    let seen = 0;
    let at = start;
    for (; at < end; at += sizeAt(bytes, at)) {
      if (typeAt(bytes, at) === type && seen++ === Number(nth)) break;
    }
    if (at >= end) throw new Error(`no ${path.slice(0, depth + 1).join('/')}`);
    if (depth < path.length - 1) parents.push(at);
    start = depth < path.length - 1 ? at + 8 : at;
    end = at + sizeAt(bytes, at);
  }
  return { start, end, parents };
}

/** Replaces the box at `path` with `replacement` (any number of boxes), fixing every enclosing box's size. */
export function replaceBox(bytes: Uint8Array, path: string[], replacement: number[]): Uint8Array<ArrayBuffer> {
  const found = findBox(bytes, path);
  const delta = replacement.length - (found.end - found.start);
  const edited = new Uint8Array(bytes.length + delta);
  edited.set(bytes.subarray(0, found.start));
  edited.set(replacement, found.start);
  edited.set(bytes.subarray(found.end), found.start + replacement.length);
  const view = new DataView(edited.buffer);
  for (const parent of found.parents) view.setUint32(parent, view.getUint32(parent) + delta);
  // Samples are found by absolute offsets (stco), which move when the edit lies before them.
  for (let track = 0; ; track += 1) {
    let stco: Found;
    try {
      stco = findBox(edited, ['moov', `trak:${track}`, 'mdia', 'minf', 'stbl', 'stco']);
    } catch {
      break;
    }
    for (let at = stco.start + 16; at < stco.end; at += 4) {
      if (view.getUint32(at) > found.start) view.setUint32(at, view.getUint32(at) + delta);
    }
  }
  return edited;
}

/** The payload (after the 8-byte header) of the box at `path`. */
export function payloadOf(bytes: Uint8Array, path: string[]): number[] {
  const { start, end } = findBox(bytes, path);
  return [...bytes.subarray(start + 8, end)];
}

const VIDEO_TABLE = ['moov', 'trak:0', 'mdia', 'minf', 'stbl'];

/**
 * The three files of issue 12, each about the size of the take it is made from, each fatal to mediabunny 1.61:
 * - `stz2`: field size 0 and 2³²−1 samples (V8 "Fatal invalid size error");
 * - `stts`: one entry of 2³²−1 samples, plus a `ctts` box (heap out of memory);
 * - `stsc`: 2³²−1 samples per chunk (blocks the event loop for minutes).
 */
export function craftedTakes(take: Uint8Array): Record<'stz2' | 'stts' | 'stsc', Uint8Array<ArrayBuffer>> {
  const stsc = payloadOf(take, [...VIDEO_TABLE, 'stsc']);
  // version/flags, entry count, then (first chunk, samples per chunk, description index) per entry.
  stsc.splice(12, 4, ...u32(0xffffffff));
  return {
    stz2: replaceBox(take, [...VIDEO_TABLE, 'stsz'], box('stz2', [0, 0, 0, 0, 0, 0, 0, 0, ...u32(0xffffffff)])),
    stts: replaceBox(
      take,
      [...VIDEO_TABLE, 'stts'],
      [
        ...box('stts', [0, 0, 0, 0, ...u32(1), ...u32(0xffffffff), ...u32(1)]),
        ...box('ctts', [0, 0, 0, 0, ...u32(1), ...u32(1), ...u32(0)]),
      ],
    ),
    stsc: replaceBox(take, [...VIDEO_TABLE, 'stsc'], box('stsc', stsc)),
  };
}
