// The floor for the size figures: exactly what the element imports from lit and ky, bundled alone with the CDN
// build's settings. The element's bundle can never be smaller than this.
export { adoptStyles, css, html, LitElement, nothing } from 'lit';
export { property, state } from 'lit/decorators.js';
export { default as ky } from 'ky';
