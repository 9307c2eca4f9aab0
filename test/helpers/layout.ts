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

/**
 * A document laid out at a phone's size: the page itself where the browser emulates a phone, else a frame of the
 * phone's size on the page (WebKit), whose document has a real viewport of that width and height (media queries,
 * vh units) and its own copy of axe.
 */
export async function phoneDocument(size: { width: number; height: number }): Promise<Document> {
  if (await becomePhone(size)) return document;
  const frame = document.createElement('iframe');
  frame.className = 'phone-frame';
  frame.title = `A ${size.width} px phone screen`;
  frame.style.cssText = `width: ${size.width}px; height: ${size.height}px; border: 0; display: block`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>phone</title>
    <script src="/node_modules/axe-core/axe.min.js"></script></head><body></body></html>`;
  document.body.append(frame);
  await loaded;
  return frame.contentDocument!;
}

interface AxeResults {
  violations: { id: string; help: string; nodes: { html: string }[] }[];
}

/** The axe audit of a node in its own document (the page's, or a phone frame's), as a list of violations. */
export async function axeViolations(node: Element): Promise<string[]> {
  const { axe } = node.ownerDocument.defaultView as unknown as { axe: { run(context: Element): Promise<AxeResults> } };
  const { violations } = await axe.run(node);
  return violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((each) => each.html).join(', ')})`,
  );
}

const SLACK_PX = 0.5;

function isElement(node: Node): node is HTMLElement {
  return node.nodeType === Node.ELEMENT_NODE;
}

function describe(node: Node): string {
  if (isElement(node))
    return `<${node.localName}${node.getAttribute('part') ? ` part="${node.getAttribute('part')}"` : ''}>`;
  return `text "${(node.textContent ?? '').trim().slice(0, 30)}"`;
}

function rectsOf(node: Node): DOMRect[] {
  if (isElement(node)) return [node.getBoundingClientRect()];
  const range = node.ownerDocument!.createRange();
  range.selectNodeContents(node);
  return Array.from(range.getClientRects());
}

/** Every element and text node in the host's shadow tree and light DOM, except what is hidden on purpose. */
function visibleNodes(host: HTMLElement): Node[] {
  const accept = (node: Node) => {
    // The live region is 1 px and clipped on purpose: its subtree is skipped.
    if (isElement(node))
      return node.classList.contains('visually-hidden') || node.localName === 'style'
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT;
    return node.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
  };
  const nodes: Node[] = [];
  for (const root of [host.shadowRoot!, host]) {
    const walker = host.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: accept,
    });
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
  const page = host.ownerDocument.documentElement;
  const style = (element: Element) => page.ownerDocument.defaultView!.getComputedStyle(element);
  const box = host.getBoundingClientRect();
  for (const node of visibleNodes(host)) {
    for (const rect of rectsOf(node)) {
      if (rect.width === 0 && rect.height === 0) continue;
      if (rect.left < box.left - SLACK_PX || rect.right > box.right + SLACK_PX) {
        problems.push(
          `${describe(node)} spans ${rect.left.toFixed(1)}–${rect.right.toFixed(1)} px, past the element's ${box.left.toFixed(1)}–${box.right.toFixed(1)}`,
        );
      }
    }
    if (isElement(node) && node.scrollWidth > node.clientWidth + 1 && style(node).overflowX !== 'visible') {
      problems.push(`${describe(node)} scrolls sideways inside (${node.scrollWidth} px in ${node.clientWidth})`);
    }
  }
  if (page.scrollWidth > page.clientWidth)
    problems.push(`the page scrolls sideways: ${page.scrollWidth} px in a ${page.clientWidth} px viewport`);
  for (const button of host.shadowRoot!.querySelectorAll<HTMLElement>('[part~="button"]')) {
    const { width, height } = button.getBoundingClientRect();
    if (width < MIN_TOUCH_TARGET_PX || height < MIN_TOUCH_TARGET_PX) {
      problems.push(
        `${describe(button)} is ${width.toFixed(1)}x${height.toFixed(1)} px, under ${MIN_TOUCH_TARGET_PX}x${MIN_TOUCH_TARGET_PX}`,
      );
    }
  }
  return problems;
}

/** The height of the ink of a digit as drawn (top of the tallest digit shown to the bottom of the lowest), in CSS px. */
export function digitInkHeight(digit: HTMLElement): number {
  const style = digit.ownerDocument.defaultView!.getComputedStyle(digit);
  const context = digit.ownerDocument.createElement('canvas').getContext('2d')!;
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const metrics = context.measureText(digit.textContent!.trim());
  return metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent;
}

/** The smallest width and height among the element's buttons, in CSS px. */
export function smallestButton(host: HTMLElement): { width: number; height: number } {
  const rects = Array.from(host.shadowRoot!.querySelectorAll<HTMLElement>('[part~="button"]'), (button) =>
    button.getBoundingClientRect(),
  );
  return { width: Math.min(...rects.map((rect) => rect.width)), height: Math.min(...rects.map((rect) => rect.height)) };
}
