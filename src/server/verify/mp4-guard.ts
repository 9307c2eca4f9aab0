// Bounds every sample-table count of an ISO BMFF file (MP4, QuickTime) by what the file's size allows, before the
// demuxer sees the file. mediabunny 1.61 trusts these 32-bit counts and allocates or loops on them: an `stz2` with
// field size 0 and 2³²−1 samples, an `stts` entry of 2³²−1 samples beside a `ctts`, or an `stsc` with 2³²−1 samples
// per chunk each take a Node process down from a 2 KB upload (test/server/repro/mediabunny-unbounded-counts.mjs
// reproduces each, for the report upstream).
//
// The walk reads only box headers and the tables' counts, in one linear pass with no recursion deeper than
// MAX_DEPTH, so it cannot itself be made slow or large by its input.

/** Every sample takes at least one byte of the file, and no take from a person comes near this many. */
export const MAX_SAMPLES_PER_FILE = 1 << 20;
/** moov/trak/mdia/minf/stbl is the deepest path a take needs. */
const MAX_DEPTH = 8;
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'mvex', 'moof', 'traf', 'mfra']);

class Malformed extends Error {}

function fail(message: string): never {
  throw new Malformed(message);
}

interface Box {
  type: string;
  /** First byte after the header. */
  content: number;
  end: number;
}

interface SampleTable {
  /** From stsz or stz2; undefined until seen. */
  samples?: number | undefined;
  timedSamples: number;
  offsetSamples: number;
  chunks: number;
  sampleToChunk: Array<{ firstChunk: number; samplesPerChunk: number }>;
}

class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(at: number, end: number): number {
    if (at + 1 > end) fail('a box is shorter than its fields');
    return this.view.getUint8(at);
  }
  u32(at: number, end: number): number {
    if (at + 4 > end) fail('a box is shorter than its fields');
    return this.view.getUint32(at);
  }
  type(at: number): string {
    return String.fromCharCode(this.bytes[at]!, this.bytes[at + 1]!, this.bytes[at + 2]!, this.bytes[at + 3]!);
  }
  /** The boxes between `start` and `end`, each checked to lie inside it. */
  *boxes(start: number, end: number): Generator<Box> {
    let at = start;
    while (at < end) {
      if (end - at < 8) fail('a box header is cut short');
      let size = this.u32(at, end);
      const type = this.type(at + 4);
      let header = 8;
      if (size === 1) {
        const high = this.u32(at + 8, end);
        size = high * 2 ** 32 + this.u32(at + 12, end);
        header = 16;
      } else if (size === 0) {
        size = end - at;
      }
      if (type === 'uuid') header += 16;
      if (size < header || at + size > end) fail(`${printable(type)} box does not fit in its parent`);
      yield { type, content: at + header, end: at + size };
      at += size;
    }
  }
}

function printable(type: string): string {
  return /^[a-z0-9]{4}$/i.test(type) ? `the '${type}'` : 'a';
}

/** Entries of `entrySize` bytes from `start` must fit before `end`. */
function fits(count: number, entrySize: number, start: number, end: number, type: string): void {
  if (count * entrySize > end - start) fail(`the '${type}' box counts more entries than it has room for`);
}

interface Budget {
  fileSize: number;
  samples: number;
}

function spend(budget: Budget, samples: number, type: string): void {
  budget.samples += samples;
  if (budget.samples > Math.min(budget.fileSize, MAX_SAMPLES_PER_FILE)) {
    fail(`the '${type}' box declares more samples than the file can hold`);
  }
}

function readTableBox(reader: Reader, box: Box, table: SampleTable, budget: Budget): void {
  const { content: at, end, type } = box;
  switch (type) {
    case 'stsz': {
      const sampleSize = reader.u32(at + 4, end);
      const count = reader.u32(at + 8, end);
      if (sampleSize === 0) fits(count, 4, at + 12, end, type);
      else if (count * sampleSize > budget.fileSize)
        fail(`the 'stsz' box declares more sample bytes than the file holds`);
      table.samples = count;
      spend(budget, count, type);
      return;
    }
    case 'stz2': {
      const fieldSize = reader.u8(at + 7, end);
      if (fieldSize !== 4 && fieldSize !== 8 && fieldSize !== 16)
        fail(`the 'stz2' box has a field size other than 4, 8 or 16 bits`);
      const count = reader.u32(at + 8, end);
      fits(Math.ceil((count * fieldSize) / 8), 1, at + 12, end, type);
      table.samples = count;
      spend(budget, count, type);
      return;
    }
    case 'stts':
    case 'ctts': {
      const count = reader.u32(at + 4, end);
      fits(count, 8, at + 8, end, type);
      let total = 0;
      for (let index = 0; index < count; index += 1) total += reader.u32(at + 8 + index * 8, end);
      if (type === 'stts') table.timedSamples += total;
      else table.offsetSamples += total;
      return;
    }
    case 'stss':
    case 'stco':
      fits(reader.u32(at + 4, end), 4, at + 8, end, type);
      if (type === 'stco') table.chunks += reader.u32(at + 4, end);
      return;
    case 'co64':
      fits(reader.u32(at + 4, end), 8, at + 8, end, type);
      table.chunks += reader.u32(at + 4, end);
      return;
    case 'stsc': {
      const count = reader.u32(at + 4, end);
      fits(count, 12, at + 8, end, type);
      for (let index = 0; index < count; index += 1) {
        const entry = at + 8 + index * 12;
        table.sampleToChunk.push({ firstChunk: reader.u32(entry, end), samplesPerChunk: reader.u32(entry + 4, end) });
      }
      return;
    }
    default:
  }
}

/** Every count of one track's sample table against its sample count, once all its boxes are read. */
function checkTable(table: SampleTable): void {
  const samples = table.samples ?? 0;
  if (table.timedSamples > samples) fail(`the 'stts' box times more samples than the track has`);
  if (table.offsetSamples > samples) fail(`the 'ctts' box offsets more samples than the track has`);
  let placed = 0;
  table.sampleToChunk.forEach(({ firstChunk, samplesPerChunk }, index) => {
    const next = table.sampleToChunk[index + 1]?.firstChunk ?? table.chunks + 1;
    if (firstChunk < 1 || next <= firstChunk || next > table.chunks + 1)
      fail(`the 'stsc' box names chunks that do not exist`);
    placed += (next - firstChunk) * samplesPerChunk;
    if (placed > samples) fail(`the 'stsc' box places more samples than the track has`);
  });
}

function readEditList(reader: Reader, box: Box): void {
  const version = reader.u8(box.content, box.end);
  fits(reader.u32(box.content + 4, box.end), version === 1 ? 20 : 12, box.content + 8, box.end, 'elst');
}

// ISO/IEC 14496-12 §8.8.8: which optional fields the flags switch on.
function readTrackRun(reader: Reader, box: Box, budget: Budget): void {
  const flags = reader.u32(box.content, box.end) & 0xffffff;
  const count = reader.u32(box.content + 4, box.end);
  let fields = box.content + 8;
  if (flags & 0x1) fields += 4;
  if (flags & 0x4) fields += 4;
  let entrySize = 0;
  for (const bit of [0x100, 0x200, 0x400, 0x800]) if (flags & bit) entrySize += 4;
  fits(count, entrySize, fields, box.end, 'trun');
  spend(budget, count, 'trun');
}

function readAuxiliarySizes(reader: Reader, box: Box, budget: Budget): void {
  const flags = reader.u32(box.content, box.end) & 0xffffff;
  const at = box.content + 4 + (flags & 1 ? 8 : 0);
  const defaultSize = reader.u8(at, box.end);
  const count = reader.u32(at + 1, box.end);
  if (defaultSize === 0) fits(count, 1, at + 5, box.end, 'saiz');
  else if (count > Math.min(budget.fileSize, MAX_SAMPLES_PER_FILE))
    fail(`the 'saiz' box declares more samples than the file can hold`);
}

function readAuxiliaryOffsets(reader: Reader, box: Box): void {
  const version = reader.u8(box.content, box.end);
  const flags = reader.u32(box.content, box.end) & 0xffffff;
  const at = box.content + 4 + (flags & 1 ? 8 : 0);
  fits(reader.u32(at, box.end), version === 1 ? 8 : 4, at + 4, box.end, 'saio');
}

function readFragmentIndex(reader: Reader, box: Box): void {
  const version = reader.u8(box.content, box.end);
  const lengths = reader.u32(box.content + 8, box.end);
  const entrySize = (version === 1 ? 16 : 8) + ((lengths >> 4) & 3) + ((lengths >> 2) & 3) + (lengths & 3) + 3;
  fits(reader.u32(box.content + 12, box.end), entrySize, box.content + 16, box.end, 'tfra');
}

function walk(reader: Reader, start: number, end: number, depth: number, budget: Budget): void {
  if (depth > MAX_DEPTH) fail('the boxes are nested too deeply');
  for (const box of reader.boxes(start, end)) {
    if (box.type === 'stbl') {
      const table: SampleTable = { timedSamples: 0, offsetSamples: 0, chunks: 0, sampleToChunk: [] };
      for (const child of reader.boxes(box.content, box.end)) readTableBox(reader, child, table, budget);
      checkTable(table);
    } else if (CONTAINERS.has(box.type)) {
      walk(reader, box.content, box.end, depth + 1, budget);
    } else if (box.type === 'elst') readEditList(reader, box);
    else if (box.type === 'trun') readTrackRun(reader, box, budget);
    else if (box.type === 'saiz') readAuxiliarySizes(reader, box, budget);
    else if (box.type === 'saio') readAuxiliaryOffsets(reader, box);
    else if (box.type === 'tfra') readFragmentIndex(reader, box);
  }
}

/** True when mediabunny would read the bytes as ISO BMFF: an `ftyp` or `styp` box first. */
export function looksLikeIsoBmff(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const type = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  return type === 'ftyp' || type === 'styp';
}

/**
 * Why the ISO BMFF file's structure cannot be handed to the demuxer, or undefined when every box fits its parent and
 * every count fits the file.
 */
export function unboundedCount(bytes: Uint8Array): string | undefined {
  try {
    walk(new Reader(bytes), 0, bytes.length, 0, { fileSize: bytes.length, samples: 0 });
    return undefined;
  } catch (error) {
    if (error instanceof Malformed) return error.message;
    throw error;
  }
}
