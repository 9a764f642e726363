/**
 * The engine: the store and every capability behind the API contract's handlers. It has no
 * Electron import, so the desktop app (in a utility process), the browser host, the CLI and the
 * tests all run this same code.
 */
import fs from 'node:fs';
import type { Handlers } from '../../shared/api/contract';
import { openStore, storeFile, type Store } from '../store/index';
import {
  advancePhase,
  attachSearchIndex,
  createDossier,
  dashboard,
  dossierHistory,
  getDossier,
  listDossiers,
  seedDemo,
  updateActivity,
  updateDossier,
  type ServiceContext,
} from '../dossiers/index';
import { APP_VERSION } from './version';

export interface EngineOptions {
  dataDir: string;
  actor: string;
  nativeBinding?: string;
  today?: () => string;
}

export interface Engine {
  store: Store;
  context: ServiceContext;
  handlers: Handlers;
  close(): void;
}

export function createEngine(options: EngineOptions): Engine {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const store = openStore(storeFile(options.dataDir), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  attachSearchIndex(store);
  const context: ServiceContext = { store, actor: options.actor, ...(options.today ? { today: options.today } : {}) };
  const handlers: Handlers = {
    'app.info': () => ({ version: APP_VERSION, dataDir: options.dataDir, deviceId: store.deviceId, actor: options.actor }),
    'dashboard.get': (input) => dashboard(context, input),
    'dossier.create': (input) => createDossier(context, input),
    'dossier.list': (input) => listDossiers(context, input),
    'dossier.get': (input) => getDossier(context, input.id),
    'dossier.update': (input) => updateDossier(context, input),
    'dossier.advance': (input) => advancePhase(context, input.id),
    'dossier.history': (input) => dossierHistory(context, input),
    'activity.update': (input) => updateActivity(context, input),
    'demo.seed': (input) => {
      const { n } = store.db.prepare('SELECT COUNT(*) AS n FROM dossiers').get() as { n: number };
      return { created: seedDemo(context, input.count, n) };
    },
  };
  return { store, context, handlers, close: () => store.close() };
}
