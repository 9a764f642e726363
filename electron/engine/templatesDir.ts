/** The templates/ folder shipped with the workbench, from source (tsx) or from the esbuild bundle. */
import path from 'node:path';

export function defaultTemplatesDir(): string {
  // electron/engine/*.ts and dist/electron/engine.cjs both sit two folders below the app root
  // (the bundle build defines import.meta.dirname as __dirname).
  return path.resolve(import.meta.dirname, '../../templates');
}
