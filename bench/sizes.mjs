// Size figures: every bundle is built in memory with the CDN build's own settings (vite.cdn.config.ts: rolldown,
// minified, es2022, Lit's production build), then compressed the way a CDN serves it: gzip -9 and brotli 11.
// Builds are deterministic, so one run is the figure (no spread to report).
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const cdnConfig = fileURLToPath(new URL('../vite.cdn.config.ts', import.meta.url));

export function compressed(code) {
  const bytes = Buffer.from(code);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

function sum(sizes) {
  return sizes.reduce(
    (total, size) => ({ raw: total.raw + size.raw, gzip: total.gzip + size.gzip, brotli: total.brotli + size.brotli }),
    {
      raw: 0,
      gzip: 0,
      brotli: 0,
    },
  );
}

/** Builds `entry` (relative to the repository) with the CDN settings, `external` left out; nothing is written. */
async function bundle(entry, external = () => false) {
  const result = await build({
    root,
    configFile: cdnConfig,
    logLevel: 'silent',
    build: {
      write: false,
      // formats stays the config's ['es']: config arrays merge by concatenation, so naming it again builds twice.
      lib: { entry, fileName: () => 'entry.js' },
      rolldownOptions: { external },
    },
  });
  const [output] = Array.isArray(result) ? result : [result];
  return output.output.filter((item) => item.type === 'chunk');
}

/** A chunk and every chunk it imports statically: what one `import()` of it downloads. */
function closure(chunks, start) {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of byName.get(name)?.imports ?? []) visit(imported);
  };
  visit(start);
  return seen;
}

function sizeOf(chunks, names) {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  return { files: [...names].sort(), ...sum([...names].map((name) => compressed(byName.get(name).code))) };
}

const fromLitOrKy = (id) =>
  /^(lit|ky)(\/|$)/.test(id) ||
  /[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit[\\/]reactive-element|ky)[\\/]/.test(id);
const fromMediabunny = (id) => /^mediabunny(\/|$)/.test(id) || /[\\/]node_modules[\\/]mediabunny[\\/]/.test(id);
const isUpstreamTable = (id) => /(^|[\\/])upstream\.(js|ts)$/.test(id);
const isStringsModule = (id) =>
  /(^|[\\/])strings[\\/](index|text|en|zh-cn|upstream)\.(js|ts)$/.test(id) || /^\.\/(en|zh-cn|upstream)\.js$/.test(id);

/** The initial download (entry and its static imports) and each lazy chunk's extra download, of one build. */
function split(chunks) {
  const entry = chunks.find((chunk) => chunk.isEntry);
  const initial = closure(chunks, entry.fileName);
  const lazy = (name) => {
    const chunk = chunks.find((item) => item.isDynamicEntry && item.name === name);
    if (!chunk) return [];
    return [...closure(chunks, chunk.fileName)].filter((file) => !initial.has(file));
  };
  return { initial, lazy };
}

/** The figures of one build of `src/define.ts`: the first download, and what each later step adds to it. */
function figures(chunks) {
  const { initial, lazy } = split(chunks);
  const measure = (names) => (names.length ? sizeOf(chunks, names) : undefined);
  const codeRequest = lazy('request');
  return {
    initial: sizeOf(chunks, initial),
    // What a page downloads to show a code: the first download and the code request (ky, the answer parsers),
    // which the element asks for as soon as it is created. No language chunk: the code screen's texts are built in.
    codeScreen: sizeOf(chunks, new Set([...initial, ...codeRequest])),
    codeRequest: measure(codeRequest),
    // Preloaded in idle time once a code is shown: the take (camera, level meter, recorder, review, upload) and
    // the full view, and the texts of the language in use.
    take: measure([...new Set([...lazy('steps'), ...lazy('view')])]),
    languageEn: measure(lazy('en')),
    languageZhCN: measure(lazy('zh-cn')),
    upstreamSentences: measure(lazy('upstream')),
  };
}

/** An app built with Vite's defaults whose only code is `import 'liveness-challenge/define'`. */
async function bundleApp() {
  const result = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    // The package's own sources stand for `liveness-challenge/define` (dist/ needs a build first): the same
    // modules, compiled by Vite instead of tsc.
    resolve: {
      alias: [
        {
          find: /^liveness-challenge\/define$/,
          replacement: fileURLToPath(new URL('../src/define.ts', import.meta.url)),
        },
      ],
    },
    build: { write: false, rolldownOptions: { input: fileURLToPath(new URL('size/app.ts', import.meta.url)) } },
  });
  const [output] = Array.isArray(result) ? result : [result];
  return output.output.filter((item) => item.type === 'chunk');
}

/** The modules (repository-relative source paths) in the first download of one build. */
function initialModules(chunks) {
  const { initial } = split(chunks);
  return chunks
    .filter((chunk) => initial.has(chunk.fileName))
    .flatMap((chunk) => Object.keys(chunk.modules))
    .map((id) => id.replace(root, '').replace(/\\/g, '/'));
}

/**
 * The two first downloads the budget covers, with the source modules each holds: the CDN bundle, and an app that
 * bundles `liveness-challenge/define` with Vite. What `npm test` checks (test/node/size.test.ts).
 */
export async function measureFirstDownloads() {
  const cdn = await bundle('src/define.ts');
  const app = await bundleApp();
  return {
    cdn: { ...figures(cdn).initial, modules: initialModules(cdn) },
    app: { ...figures(app).initial, modules: initialModules(app) },
  };
}

export async function measureSizes() {
  const cdn = await bundle('src/define.ts');
  const cdnFigures = figures(cdn);
  const app = figures(await bundleApp());
  const { lazy } = split(cdn);
  // A route's chunks beyond the take's own (which every route loads first).
  const take = new Set([...lazy('steps'), ...lazy('view')]);
  const beyondTake = (names) => names.filter((name) => !take.has(name));
  const mp4 = beyondTake(lazy('finish'));
  const webm = beyondTake(lazy('finish-webm'));
  const webcodecs = beyondTake(lazy('webcodecs-recording'));
  // The WebCodecs route loads the recorder and the MP4 finisher (inspection): their union.
  const webcodecsRoute = new Set([...webcodecs, ...mp4]);

  const own = await bundle('src/define.ts', (id) => fromLitOrKy(id) || fromMediabunny(id));
  const ownWithoutUpstream = await bundle(
    'src/define.ts',
    (id) => fromLitOrKy(id) || fromMediabunny(id) || isUpstreamTable(id),
  );
  const ownWithoutStrings = await bundle(
    'src/define.ts',
    (id) => fromLitOrKy(id) || fromMediabunny(id) || isStringsModule(id),
  );
  const entryOf = (chunks) => sizeOf(chunks, [chunks.find((chunk) => chunk.isEntry).fileName]);
  const floor = await bundle('bench/size/lit-ky.ts');
  const lit = await bundle('bench/size/lit.ts');
  const ky = await bundle('bench/size/ky.ts');

  const ownSize = entryOf(own);
  const withoutUpstream = entryOf(ownWithoutUpstream);
  const withoutStrings = entryOf(ownWithoutStrings);
  return {
    cdnInitial: cdnFigures.initial,
    cdn: cdnFigures,
    app,
    cdnMp4Chunk: mp4.length ? sizeOf(cdn, mp4) : undefined,
    cdnWebCodecsChunks: webcodecs.length ? sizeOf(cdn, webcodecsRoute) : undefined,
    cdnWebmChunk: webm.length ? sizeOf(cdn, webm) : undefined,
    cdnAllFiles: sizeOf(
      cdn,
      cdn.map((chunk) => chunk.fileName),
    ),
    elementOwn: ownSize,
    floorLitKy: entryOf(floor),
    breakdown: {
      lit: entryOf(lit),
      ky: entryOf(ky),
      // Compression is not additive: these are "what leaving the module out would save", measured by leaving it out.
      upstreamTables: {
        raw: ownSize.raw - withoutUpstream.raw,
        gzip: ownSize.gzip - withoutUpstream.gzip,
        brotli: ownSize.brotli - withoutUpstream.brotli,
      },
      allStrings: {
        raw: ownSize.raw - withoutStrings.raw,
        gzip: ownSize.gzip - withoutStrings.gzip,
        brotli: ownSize.brotli - withoutStrings.brotli,
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureSizes(), null, 2));
}
