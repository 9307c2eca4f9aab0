import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets an element's inline size through the CSSOM on every render. Lit's styleMap writes a `style` attribute on its
 * first render, which a Content-Security-Policy without 'unsafe-inline' blocks (style-src-attr); the CSSOM is allowed.
 */
class InlineSizeDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('inlineSize() goes on an element: <div ${inlineSize(…)}>');
  }

  render(_size: string): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [size]: [string]): typeof noChange {
    (part.element as HTMLElement).style.inlineSize = size;
    return noChange;
  }
}

export const inlineSize = directive(InlineSizeDirective);
