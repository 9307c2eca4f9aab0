// Lit's development build warns about misuse (a change-in-update loop, a missing `static styles` cast…). Those
// warnings are bugs: any of them fails the test that caused it. The one "running in dev mode" notice is expected.
// The element's own development check is on here too: a state change its transition table (src/state.ts) does not
// allow fails the test that caused it.
import { checkTransitions } from '../../src/state.js';

const litWarnings: string[] = [];
const originalWarn = console.warn;

console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (/lit/i.test(text) && !/in dev mode/i.test(text)) litWarnings.push(text);
  originalWarn(...args);
};

const illegalTransitions: string[] = [];
checkTransitions((problem) => {
  console.error(problem);
  illegalTransitions.push(problem);
});

beforeEach(() => {
  litWarnings.length = 0;
  illegalTransitions.length = 0;
});

afterEach(() => {
  if (litWarnings.length > 0) {
    const found = litWarnings.splice(0).join('\n');
    throw new Error(`Lit dev-mode warning(s):\n${found}`);
  }
  if (illegalTransitions.length > 0) {
    const found = illegalTransitions.splice(0).join('\n');
    throw new Error(`State change(s) the transition table does not allow:\n${found}`);
  }
});
