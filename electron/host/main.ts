/** `npm run host`: the workbench in your browser, served on 127.0.0.1 with a per-launch token. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, defaultActor } from '../engine/index';
import { resolveDataDir, storeFile } from '../store/index';
import { hostTokenStore } from '../sync/index';
import { keepServing, startHost } from './server';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '4780' },
    as: { type: 'string' },
    // Used by `scripts/workbench.mjs start`: a data folder opened for the first time gets a small demo.
    'demo-if-new': { type: 'boolean', default: false },
  },
  allowPositionals: false,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
const dataDir = resolveDataDir(values.data);
const firstRun = !fs.existsSync(storeFile(dataDir));
// The sync token: PCR_WORKBENCH_SYNC_TOKEN, or one saved in the settings, kept in memory for this run only.
const engine = createEngine({ dataDir, actor: defaultActor(), actorOverride: values.as, syncTokenStore: hostTokenStore(process.env) });
if (firstRun && values['demo-if-new']) {
  const { created } = await engine.handlers['demo.seed']({ count: 25 });
  console.log(`First run: ${created} demo dossiers created in ${dataDir}.`);
}
const host = await startHost({
  handlers: engine.handlers,
  rendererDir: path.resolve(import.meta.dirname, '../../dist/renderer'),
  port,
  log: (line) => console.error(line),
});
keepServing((line) => console.error(line), host.token);
// The first document preview's one-off costs (fonts, renderer code), paid before anyone asks.
setImmediate(() => void engine.warmUp());
console.log(`PCR Onboarding Workbench (browser host)\n  data:  ${dataDir}\n  open:  ${host.launchUrl}\nPress Ctrl+C to stop.`);
const stop = async () => {
  await host.close();
  engine.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
