// vue-tsc on TypeScript 5: vue-tsc drives TypeScript's JavaScript API, which the native TypeScript 7 (this project's
// `typescript`) does not ship. `typescript5` is an npm alias of typescript@5.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('vue-tsc').run(require.resolve('typescript5/lib/tsc'));
