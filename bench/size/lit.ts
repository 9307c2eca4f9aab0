// lit alone (what the element imports from it), for the breakdown of the floor.
export { css, html, LitElement, nothing } from 'lit';
export { property, state } from 'lit/decorators.js';
