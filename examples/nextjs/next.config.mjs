// A Next.js app on its own needs no configuration. Here the app is one workspace of examples/, whose node_modules
// sits one folder up; Turbopack must treat that folder as the project root to find it.
import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root: fileURLToPath(new URL('..', import.meta.url)) },
};
