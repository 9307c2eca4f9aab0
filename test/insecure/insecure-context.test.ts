import { expect } from '@open-wc/testing';

// This group runs Chromium with `--host-resolver-rules` mapping liveness.test to 127.0.0.1 (web-test-runner.config.mjs,
// group `insecure-context`): a page served from http://liveness.test is plain http on a host that is not localhost,
// so the browser does not count it as a secure context, and getUserMedia does not exist there.

describe('<liveness-challenge> on a page that is not a secure context', () => {
  it('shows the code, then refuses to start with insecure-context and says why', async () => {
    const frame = document.createElement('iframe');
    frame.src = `http://liveness.test:${location.port}/test/insecure/page.html`;
    const report = new Promise<{ isSecureContext: boolean; reason: string; message: string; state: string }>(
      (resolve) => {
        window.addEventListener('message', (event) => {
          if (event.source === frame.contentWindow) resolve(event.data);
        });
      },
    );
    document.body.append(frame);
    const { isSecureContext, reason, message, state } = await report;
    expect(isSecureContext, 'the page was a secure context after all').to.equal(false);
    expect(reason).to.equal('insecure-context');
    expect(message).to.match(/https/i);
    expect(state).to.equal('error');
    frame.remove();
  });
});
