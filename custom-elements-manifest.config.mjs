// `npm run build:manifest`: dist/custom-elements.json from the JSDoc of the element (`@attr`, `@fires`, `@csspart`,
// `@cssprop`, `@slot`) and its Lit decorators (`--litelement`). The manifest documents what an owner may use:
// paths point at the published JavaScript, private members and module-local variables are left out, and each event
// is typed by its exported class (whose `detail` type lives in dist/events.d.ts).

import { register } from 'tsx/esm/api';

const TAG = 'liveness-challenge';
const ELEMENT_CLASS = 'LivenessChallenge';

// The `state` attribute's values come from the state machine itself (src/state.ts), never from a copy.
const unregister = register();
const { LIVENESS_STATES } = await import('./src/state.ts');
unregister();
const STATE_TYPE = LIVENESS_STATES.map((state) => `'${state}'`).join(' | ');

/** Rewrites `src/x.ts` to `dist/x.js` wherever the manifest names a module. */
function toDistPath(path) {
  return path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
}

function publishedApiOnly() {
  /** Event class name → its `CustomEvent<…>` detail type, read from src/events.ts. */
  const detailTypes = new Map();
  return {
    name: 'liveness-published-api-only',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const clause of node.heritageClauses ?? []) {
        const base = clause.types[0];
        if (base?.expression.getText() === 'CustomEvent' && base.typeArguments?.length === 1) {
          detailTypes.set(node.name.getText(), base.typeArguments[0].getText());
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.path = toDistPath(module.path);
        const exported = new Set((module.exports ?? []).map((entry) => entry.declaration?.name));
        module.declarations = (module.declarations ?? []).filter((declaration) => exported.has(declaration.name));
        for (const entry of module.exports ?? []) {
          if (entry.declaration?.module) entry.declaration.module = toDistPath(entry.declaration.module);
        }
        for (const declaration of module.declarations) {
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (member) =>
                member.privacy !== 'private' &&
                member.privacy !== 'protected' &&
                !(member.static && member.name === 'styles'),
            );
          }
          // The analyzer takes any LitElement subclass for an element: here the settings base class (src/settings.ts)
          // is one, and the element itself, which extends it, is not recognised.
          if (declaration.kind === 'class') declaration.customElement = declaration.name === ELEMENT_CLASS || undefined;
          if (declaration.customElement) {
            declaration.tagName ??= TAG;
            declaration.events = documentedEvents(declaration.events ?? [], detailTypes);
            const state = declaration.attributes?.find((attribute) => attribute.name === 'state');
            if (state) state.type = { text: STATE_TYPE };
          }
        }
      }
      // A name exported without being declared (define.ts re-exports the class) points at the module declaring it.
      const declaredIn = new Map();
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations) declaredIn.set(declaration.name, module.path);
      }
      for (const module of customElementsManifest.modules) {
        for (const entry of module.exports ?? []) {
          const home = declaredIn.get(entry.declaration?.name);
          if (home && entry.declaration.module === module.path && !module.declarations.length)
            entry.declaration.module = home;
        }
      }
      // `LivenessChallenge.define()` registers the tag: the analyzer only recognises `customElements.define(…)`.
      const define = customElementsManifest.modules.find((module) => module.path === 'dist/define.js');
      if (define && !define.exports.some((entry) => entry.kind === 'custom-element-definition')) {
        define.exports.push({
          kind: 'custom-element-definition',
          name: TAG,
          declaration: { name: 'LivenessChallenge', module: 'dist/liveness-challenge.js' },
        });
      }
    },
  };
}

/**
 * The analyzer lists each `dispatchEvent(new XEvent(…))` it finds as well as each `@fires` tag, the former with a
 * guessed name. Keep the `@fires` ones, typed by the event class, with its detail type.
 */
function documentedEvents(events, detailTypes) {
  return events
    .filter((event) => event.name && event.description)
    .map((event) => {
      const className = event.type?.text;
      const detail = detailTypes.get(className);
      return {
        ...event,
        type: { text: className, references: [{ name: className, module: 'dist/events.js' }] },
        ...(detail ? { description: `${event.description} Detail type: \`${detail}\`.` } : {}),
      };
    });
}

export default {
  // settings.ts declares the element's attributes and properties (the element class extends it).
  globs: ['src/liveness-challenge.ts', 'src/settings.ts', 'src/events.ts', 'src/define.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [publishedApiOnly()],
};
