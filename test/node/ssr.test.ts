// Server-side rendering safety, as Next.js or Nuxt meet it: the modules are imported in Node, where there is no DOM,
// and a page that uses the element renders on the server without errors and without content of its own (the element
// renders in the browser).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { createSSRApp, h } from 'vue';
import { renderToString as renderVueToString } from 'vue/server-renderer';

describe('server-side rendering', () => {
  it('defines and constructs the element where there is no DOM, touching neither window, document nor navigator', async () => {
    assert.equal(typeof window, 'undefined');
    assert.equal(typeof document, 'undefined');
    const { LivenessChallenge } = await import('../../src/index.js');
    await import('../../src/define.js');
    // Lit's DOM shim (what Next.js and Nuxt meet) provides the registry: the define module must register the class.
    assert.equal(customElements.get('liveness-challenge'), LivenessChallenge);
    // A server-side framework creates and configures the element before any browser sees it.
    const element = new LivenessChallenge();
    element.endpoint = '/api/code';
    element.headers = { 'X-CSRF-Token': 't' };
    element.maxDuration = 6;
    element.submitFields = { order: '42' };
    assert.equal(element.state, 'idle');
    assert.equal(element.code, undefined);
    assert.equal(typeof window, 'undefined', 'the element defined window');
    assert.equal(typeof document, 'undefined', 'the element defined document');
    assert.equal(typeof navigator, 'undefined', 'the element defined navigator');
  });

  it('imports every browser entry point without throwing or touching window', async () => {
    const index = await import('../../src/index.js');
    assert.equal(typeof index.LivenessChallenge, 'function');
    assert.equal(typeof index.LivenessCodeEvent, 'function');
    await import('../../src/define.js');
    await import('../../src/react.js');
    await import('../../src/vue.js');
    assert.equal(typeof window, 'undefined', 'an import defined window');
    assert.equal(typeof document, 'undefined', 'an import defined document');
  });

  it('imports the server entry point', async () => {
    const server = await import('../../src/server/index.js');
    assert.equal(typeof server.createCosLiveCodeHandler, 'function');
    assert.equal(typeof server.toNodeListener, 'function');
  });

  it('renders the React wrapper as an empty element', async () => {
    const { LivenessChallenge } = await import('../../src/react.js');
    const html = renderToString(
      createElement(LivenessChallenge, { endpoint: '/api/code', headers: { 'X-CSRF-Token': 't' }, onCode: () => {} }),
    );
    assert.match(html, /^<liveness-challenge[^>]*><\/liveness-challenge>$/);
  });

  it('renders <liveness-challenge> in React 19 JSX as an empty element with its attributes', () => {
    const html = renderToString(
      createElement('liveness-challenge', { endpoint: '/api/code', 'onliveness-code': () => {} }),
    );
    assert.equal(html, '<liveness-challenge endpoint="/api/code"></liveness-challenge>');
  });

  it('renders <liveness-challenge> in a Vue app as an empty element', async () => {
    const app = createSSRApp({
      render: () => h('liveness-challenge', { endpoint: '/api/code', onLivenessCode: () => {} }),
    });
    const html = await renderVueToString(app);
    assert.equal(html, '<liveness-challenge endpoint="/api/code"></liveness-challenge>');
  });
});
