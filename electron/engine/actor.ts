/** Who is making changes, when no signed-in identity is given: PCR_WORKBENCH_USER or the OS account. */
import os from 'node:os';

export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PCR_WORKBENCH_USER?.trim();
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
