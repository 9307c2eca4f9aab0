// Runs inside insecure-context.test.ts's iframe, on http://liveness.test: a page that is not a secure context.
// It reports to the test what a person would meet: the code shows, and starting the take fails with a reason.
import '../../src/define.js';

const element = document.createElement('liveness-challenge');
element.lang = 'en';
element.endpoint = '/mock/code?code=1357';
element.addEventListener('liveness-code', () => element.start());
element.addEventListener('liveness-error', (event) => {
  const { reason, message } = event.detail;
  parent.postMessage({ isSecureContext: globalThis.isSecureContext, reason, message, state: element.state }, '*');
});
document.body.append(element);
