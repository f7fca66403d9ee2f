import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets one CSS custom property through the CSSOM. Lit's `styleMap` writes a `style` attribute on first render,
 * which a strict `style-src` policy blocks; the CSSOM is allowed.
 */
class StyleProperty extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('styleProperty() goes on an element, not in an attribute.');
  }

  render(_name: string, _value: string) {
    return noChange;
  }

  override update(part: ElementPart, [name, value]: [string, string]) {
    (part.element as HTMLElement).style.setProperty(name, value);
    return noChange;
  }
}

export const styleProperty = directive(StyleProperty);
