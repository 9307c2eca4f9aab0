// What a page downloads around a code, observed as the browser fetched it (Resource Timing): the take and the
// language in use arrive in idle time once a code shows, so start() does not wait for them; the other language never
// does. This file runs in a page of its own, with nothing loaded before its first test.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { mockEndpoint } from '../helpers/endpoint.js';
import '../helpers/lit-warnings.js';

/** The source modules the page has fetched so far (the test runner serves each one as its own file). */
function fetchedModules(): string[] {
  return performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
}

const fetched = (path: string) => fetchedModules().some((name) => name.endsWith(path));

describe('<liveness-challenge> lazy loading', () => {
  it('shows a code without the take, then preloads the take and its language (only that one) while the code is read', async () => {
    const element = document.createElement('liveness-challenge') as LivenessChallenge;
    element.lang = 'zh-CN';
    element.endpoint = mockEndpoint();
    const shown = oneEvent(element, 'liveness-code');
    document.body.append(element);
    await shown;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part~="start-button"]')!.textContent).to.equal('开始录制');
    expect(fetched('/src/take/steps.ts'), 'the take, before the code showed').to.equal(false);

    // The take's modules (the level meter among them) and the Chinese texts.
    const preloaded = ['/src/take/steps.ts', '/src/capture/level-meter.ts', '/src/strings/zh-cn.ts'];
    await waitUntil(
      () => preloaded.every(fetched),
      `not all preloaded: ${preloaded.filter((path) => !fetched(path))}`,
      { timeout: 10000 },
    );
    expect(fetched('/src/strings/en.ts'), 'the other language').to.equal(false);
    expect(fetched('/src/strings/upstream.ts'), 'the upstream sentences').to.equal(false);
    element.remove();
  });
});
