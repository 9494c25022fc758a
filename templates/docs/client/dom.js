// @ts-check
// Small DOM builders: the page builds every element with these, and sets text with
// `textContent`, so names, SQL and test messages from the project can never become markup.

/** @typedef {Node | string | number | null | undefined | false} Child */
/** @typedef {Record<string, string | number | boolean | null | undefined | ((event: any) => void)>} Attrs */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An HTML element. Attributes whose value is a function become event listeners (`onclick`),
 * `null`/`undefined`/`false` attributes are left out, children that are strings become text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attrs);
  appendChildren(element, children);
  return element;
}

/**
 * An SVG element, with the same rules as `h`.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {SVGElementTagNameMap[K]}
 */
function s(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attrs);
  appendChildren(element, children);
  return element;
}

/**
 * HTML that ldp rendered and made safe at generate time (markdown descriptions).
 * @param {string} className
 * @param {string} html
 */
function trustedHtml(className, html) {
  const element = h('div', { class: className });
  element.innerHTML = html;
  return element;
}

/**
 * @param {Element} element
 * @param {Attrs | undefined} attrs
 */
function setAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * @param {Element} element
 * @param {(Child | Child[])[]} children
 */
function appendChildren(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
}

/**
 * Replaces an element's content.
 * @param {Element} element
 * @param {...(Child | Child[])} children
 */
function replaceContent(element, ...children) {
  element.replaceChildren();
  appendChildren(element, children);
}
