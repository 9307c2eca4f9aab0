// The look of the element, shared by the emulated-media tests (test/look) and the system-prefs group.
import { elementUpdated, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { part } from './capture.js';
import { mockEndpoint } from './endpoint.js';

/** Relative luminance and contrast ratio, as WCAG 2 defines them. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? [])
    .slice(0, 3)
    .map(Number)
    .map((channel) => {
      const c = channel / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
  if (r === undefined || g === undefined || b === undefined) throw new Error(`Not an rgb() colour: ${color}`);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(foreground: string, background: string): number {
  const [one, other] = [luminance(foreground), luminance(background)];
  return (Math.max(one, other) + 0.05) / (Math.min(one, other) + 0.05);
}

// The pure view in every state is rendered by test/helpers/views.ts; re-exported for the look tests.
export { renderState } from './views.js';

/** The element in the scheme the page is in now: its background, and AA contrast for digits, button and hint. */
export async function expectSchemeContrast(colorScheme: 'light' | 'dark'): Promise<void> {
  const element = await fixture<LivenessChallenge>(html`<liveness-challenge lang="en"></liveness-challenge>`);
  const elementBackground = getComputedStyle(element).backgroundColor;
  expect(elementBackground).to.equal(colorScheme === 'dark' ? 'rgb(27, 28, 31)' : 'rgb(255, 255, 255)');
  element.endpoint = mockEndpoint({ code: '0521' });
  await oneEvent(element, 'liveness-code');
  await elementUpdated(element);
  const digit = part(element, 'digit')!;
  const button = part(element, 'start-button')!;
  expect(contrast(getComputedStyle(digit).color, elementBackground)).to.be.at.least(4.5);
  expect(contrast(getComputedStyle(button).color, getComputedStyle(button).backgroundColor)).to.be.at.least(4.5);
  expect(contrast(getComputedStyle(part(element, 'hint')!).color, elementBackground)).to.be.at.least(4.5);
}
