// Lit's development build warns about misuse (a change-in-update loop, a missing `static styles` cast…). Those
// warnings are bugs: any of them fails the test that caused it. The one "running in dev mode" notice is expected.

const litWarnings: string[] = [];
const originalWarn = console.warn;

console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (/lit/i.test(text) && !/in dev mode/i.test(text)) litWarnings.push(text);
  originalWarn(...args);
};

beforeEach(() => {
  litWarnings.length = 0;
});

afterEach(() => {
  if (litWarnings.length > 0) {
    const found = litWarnings.splice(0).join('\n');
    throw new Error(`Lit dev-mode warning(s):\n${found}`);
  }
});
