import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets one CSS property (a custom property included) through the CSSOM, as inlineSize() does and for the same
 * reason: a Content-Security-Policy without 'unsafe-inline' blocks a `style` attribute, not the CSSOM. It writes
 * only when the value changes, so a value set meanwhile by an event handler (the video's real shape) stays until the
 * view has a new one.
 */
class StylePropertyDirective extends Directive {
  private last?: string;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT)
      throw new Error('styleProperty() goes on an element: <div ${styleProperty(…)}>');
  }

  render(_name: string, _value: string): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [name, value]: [string, string]): typeof noChange {
    if (value !== this.last) (part.element as HTMLElement).style.setProperty(name, value);
    this.last = value;
    return noChange;
  }
}

export const styleProperty = directive(StylePropertyDirective);
