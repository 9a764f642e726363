/**
 * Entry of the engine's utility process (bundled to dist/electron/engine.cjs). Plain Node: it must
 * not import 'electron'; it talks to the main process through `process.parentPort`.
 */
import { createEngine } from '../engine/index';
import { desktopKeyVault, keysDirOf } from '../packages/index';
import { desktopSyncTokenStore } from '../sync/index';
import { parseEngineArgs } from './engineArgs';
import { answerWithHandlers, answerWithStartupFailure, explainError, serveEngineRequests, type Answer, type ParentPortLike } from './engineServer';
import { EngineSecretsClient } from './secretsClient';

const log = (line: string) => console.error(`[engine] ${line}`);
const parentPort = (process as unknown as { parentPort?: ParentPortLike | null }).parentPort;

if (!parentPort) {
  console.error('engine.cjs runs inside the workbench app (an Electron utility process), not on its own.');
  process.exit(2);
}

let answer: Answer;
try {
  // The whole argv: how many leading entries (executable, script) a utility process gets is not ours to assume.
  const launch = parseEngineArgs(process.argv);
  // Secrets (the signing key, the sync token) are sealed by safeStorage, which only the main process can reach.
  const secrets = new EngineSecretsClient(parentPort, log);
  const engine = createEngine({
    ...launch,
    keyVault: desktopKeyVault(keysDirOf(launch.dataDir), secrets),
    syncTokenStore: desktopSyncTokenStore(launch.dataDir, secrets, log),
  });
  answer = answerWithHandlers(engine.handlers, log);
  process.on('exit', () => engine.close());
  log(`ready: data in ${launch.dataDir}`);
  // The first document preview's one-off costs (fonts, renderer code), paid while the window opens.
  setImmediate(() => void engine.warmUp());
} catch (error) {
  log(`could not start: ${explainError(error)}`);
  answer = answerWithStartupFailure(error);
}
serveEngineRequests(parentPort, answer, log);
