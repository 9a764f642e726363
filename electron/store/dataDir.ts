/** Where the workbench keeps its data: the desktop app's own folder unless told otherwise. */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'PCR Onboarding Workbench';

/** The folder Electron uses as `userData` for this product on each platform. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** `--data DIR` wins, then PCR_WORKBENCH_DATA, then the desktop app's folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.PCR_WORKBENCH_DATA ?? defaultDataDir(process.platform, env));
}

export function storeFile(dataDir: string): string {
  return path.join(dataDir, 'workbench.sqlite');
}
