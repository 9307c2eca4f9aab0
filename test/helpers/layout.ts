import { executeServerCommand } from '@web/test-runner-commands';

/** Phone screens in CSS px: iPhone SE (1st gen.), iPhone 8, iPhone 8 Plus, the three widths most phones share. */
export const PHONES = [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
  { width: 414, height: 736 },
] as const;

/** Apple's smallest touch target, and WCAG 2.5.5's (AAA). */
export const MIN_TOUCH_TARGET_PX = 44;

/** A phone lays a page out at 980 px unless the page asks for its own width; every phone-ready page does. */
export function addViewportMeta(): void {
  if (document.querySelector('meta[name="viewport"]')) return;
  const meta = document.createElement('meta');
  meta.name = 'viewport';
  meta.content = 'width=device-width, initial-scale=1';
  document.head.append(meta);
}

/**
 * Makes the page a phone screen of this size (Chromium: its mobile emulation; Firefox: a viewport of that size).
 * Answers false where the launcher cannot (WebDriver).
 */
export async function becomePhone(size: { width: number; height: number } | null): Promise<boolean> {
  if (size) addViewportMeta();
  return Boolean(await executeServerCommand('phone-viewport', size));
}

const SLACK_PX = 0.5;

function describe(node: Node): string {
  if (node instanceof Element) return `<${node.localName}${node.getAttribute('part') ? ` part="${node.getAttribute('part')}"` : ''}>`;
  return `text "${(node.textContent ?? '').trim().slice(0, 30)}"`;
}

function rectsOf(node: Node): DOMRect[] {
  if (node instanceof Element) return [node.getBoundingClientRect()];
  const range = document.createRange();
  range.selectNodeContents(node);
  return Array.from(range.getClientRects());
}

/** Every element and text node in the host's shadow tree and light DOM, except what is hidden on purpose. */
function visibleNodes(host: HTMLElement): Node[] {
  const accept = (node: Node) => {
    // The live region is 1 px and clipped on purpose: its subtree is skipped.
    if (node instanceof Element) return node.classList.contains('visually-hidden') || node.localName === 'style' ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    return node.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
  };
  const nodes: Node[] = [];
  for (const root of [host.shadowRoot!, host]) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, { acceptNode: accept });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  }
  return nodes;
}

/**
 * What a person on a phone would see wrong with the element as laid out now, one sentence each: anything drawn past
 * the element's box, a page that scrolls sideways, a button smaller than a fingertip. An empty list is a pass.
 */
export function layoutProblems(host: HTMLElement): string[] {
  const problems: string[] = [];
  const box = host.getBoundingClientRect();
  for (const node of visibleNodes(host)) {
    for (const rect of rectsOf(node)) {
      if (rect.width === 0 && rect.height === 0) continue;
      if (rect.left < box.left - SLACK_PX || rect.right > box.right + SLACK_PX) {
        problems.push(`${describe(node)} spans ${rect.left.toFixed(1)}–${rect.right.toFixed(1)} px, past the element's ${box.left.toFixed(1)}–${box.right.toFixed(1)}`);
      }
    }
    if (node instanceof HTMLElement && node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'visible') {
      problems.push(`${describe(node)} scrolls sideways inside (${node.scrollWidth} px in ${node.clientWidth})`);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) problems.push(`the page scrolls sideways: ${page.scrollWidth} px in a ${page.clientWidth} px viewport`);
  for (const button of host.shadowRoot!.querySelectorAll<HTMLElement>('[part~="button"]')) {
    const { width, height } = button.getBoundingClientRect();
    if (width < MIN_TOUCH_TARGET_PX || height < MIN_TOUCH_TARGET_PX) {
      problems.push(`${describe(button)} is ${width.toFixed(1)}x${height.toFixed(1)} px, under ${MIN_TOUCH_TARGET_PX}x${MIN_TOUCH_TARGET_PX}`);
    }
  }
  return problems;
}

/** The height of the ink of a digit as drawn (top of the tallest digit shown to the bottom of the lowest), in CSS px. */
export function digitInkHeight(digit: HTMLElement): number {
  const style = getComputedStyle(digit);
  const context = document.createElement('canvas').getContext('2d')!;
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const metrics = context.measureText(digit.textContent!.trim());
  return metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent;
}

/** The smallest width and height among the element's buttons, in CSS px. */
export function smallestButton(host: HTMLElement): { width: number; height: number } {
  const rects = Array.from(host.shadowRoot!.querySelectorAll<HTMLElement>('[part~="button"]'), (button) => button.getBoundingClientRect());
  return { width: Math.min(...rects.map((rect) => rect.width)), height: Math.min(...rects.map((rect) => rect.height)) };
}
