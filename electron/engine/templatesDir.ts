/** The templates/ folder shipped with the workbench, from source (tsx) or from the esbuild bundle. */
import path from 'node:path';

declare const __dirname: string | undefined;

export function defaultTemplatesDir(): string {
  // Both electron/engine/*.ts and dist/electron/engine.cjs sit two folders below the app root.
  const here = typeof __dirname === 'string' ? __dirname : import.meta.dirname;
  return path.resolve(here, '../../templates');
}
