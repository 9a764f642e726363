/**
 * Which better-sqlite3 addon the engine loads inside Electron.
 *
 * better-sqlite3 13 ships Node-API prebuilds (prebuilds/<platform>-<arch>.node, NAPI_VERSION 10)
 * that load in Node 22 and in Electron's Node alike, so by default nothing is passed and the
 * package picks its own prebuild: in development from node_modules, in the packaged app from
 * app.asar.unpacked (electron-builder.yml unpacks *.node). Only when
 * scripts/prepare-electron-native.ts has built an Electron-specific copy (needed for an addon that
 * is not Node-API) does the development app load `.electron-native/better_sqlite3.node` instead.
 */
import path from 'node:path';

export const ELECTRON_NATIVE_DIR = '.electron-native';
export const ELECTRON_ADDON_FILE = 'better_sqlite3.node';

export function electronAddonPath(projectRoot: string): string {
  return path.join(projectRoot, ELECTRON_NATIVE_DIR, ELECTRON_ADDON_FILE);
}

export function nativeBindingFor(input: { isPackaged: boolean; appPath: string; exists: (file: string) => boolean }): string | undefined {
  if (input.isPackaged) return undefined;
  const built = electronAddonPath(input.appPath);
  return input.exists(built) ? built : undefined;
}
