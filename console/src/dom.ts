/**
 * Building DOM nodes from text only. Every value the console shows goes through `textContent`
 * (here) or an attribute set with setAttribute: never innerHTML, so a userName such as
 * `<img src=x onerror=alert(1)>` stays text. ESLint forbids innerHTML in console/.
 */

type Child = Node | string | null | undefined | false;

export interface Attributes {
  [name: string]: string | number | boolean | undefined;
}

/** An element with attributes (`testid` -> data-testid; booleans add or omit) and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, same conventions as `el`. */
export function svg(tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement;
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    const attribute = name === 'testid' ? 'data-testid' : name;
    element.setAttribute(attribute, value === true ? '' : String(value));
  }
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** A table with a header row; rows are added by the caller to the returned tbody. */
export function table(testid: string, headings: string[]): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const body = el('tbody');
  const head = el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', { scope: 'col' }, heading))));
  return { table: el('table', { testid }, head, body), body };
}
