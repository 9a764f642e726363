/**
 * The engine: the store and every capability behind the API contract's handlers. It has no
 * Electron import, so the desktop app (in a utility process), the browser host, the CLI and the
 * tests all run this same code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../shared/api/contract';
import { openStore, storeFile, type Store } from '../store/index';
import {
  advancePhase,
  attachToActivity,
  attachSearchIndex,
  createDossier,
  dashboard,
  activityHistoryLabels,
  dossierHistoryLabels,
  findDossierRow,
  findSimilarDossiers,
  getDossier,
  listDossiers,
  recordQuestionnaireProvided,
  seedDemo,
  updateActivity,
  updateDossier,
} from '../dossiers/index';
import { APP_VERSION } from './version';
import { actorSource } from './actor';
import { profileHandlers } from '../profile/index';
import { SyncService, givenTokenStore, syncHandlers, type SyncTokenStore, type Transport } from '../sync/index';
import { defaultTemplatesDir } from './templatesDir';
import { approvalGateReasons, packageHandlers, packageHistoryLabels, type KeyVault } from '../packages/index';
import { HistoryRegistry, dossierChanges, dossierHistoryGroups, type HistoryContext } from '../history/index';
import { formHandlers, formImportHistoryLabels, formsContext } from '../forms/index';
import {
  TemplateLibrary,
  addEvidence,
  answerQuestion,
  assessQuestion,
  getQuestionnaire,
  listGaps,
  partnersAtRisk,
  questionnaireGateReasons,
  removeEvidence,
  gapAnalysisHistoryLabels,
  updateGap,
  upgradeQuestionnaire,
  type QuestionnaireContext,
} from '../questionnaire/index';
import { deploymentPlanHandlers, deploymentPlanHistoryLabels, getDeploymentPlan, planDriftMessages } from '../deployment-plan/index';
import { exportDossiers, portfolioReport } from '../portfolio/index';
import { defaultWorkProviders, workHandlers, type WorkProviders } from '../work/index';
import { appearanceHandlers } from '../appearance/index';
import { DocumentTemplates, approvalPackageDocuments, documentHandlers, signedCopyRenderer, warmUpDocuments, type DocumentContext } from '../documents/index';
import { conformanceActivityReasons, conformanceHandlers, conformanceHistoryLabels, conformancePhaseReasons, getConformance, type ConformanceContext } from '../conformance/index';
import { defaultKeyVault, keysDirOf } from '../packages/index';

export interface EngineOptions {
  dataDir: string;
  /** Who makes changes when no profile is set on the data folder (PCR_WORKBENCH_USER or the OS account). */
  actor: string;
  /** A name that wins over the profile (the command line's --as). */
  actorOverride?: string | undefined;
  nativeBinding?: string;
  today?: () => string;
  /** Where templates/ is; defaults to the one shipped with the workbench. */
  templatesDir?: string;
  /** Where the user's private signing key is kept (the desktop app: safeStorage); default: PCR_WORKBENCH_SIGNING_KEY or the passphrase-protected key file. */
  keyVault?: KeyVault;
  /** Keeps the token `sync.token.set` saves (desktop: safeStorage; browser host: memory); without it nothing is saved and `syncToken` gives the token. */
  syncTokenStore?: SyncTokenStore;
  /** The sync token when a call gives none and there is no syncTokenStore (tests, scripts). */
  syncToken?: () => string | undefined;
  /** How sync reaches its server (tests inject faults here); default: fetch. */
  syncTransport?: Transport;
}

export interface Engine {
  store: Store;
  sync: SyncService;
  context: QuestionnaireContext;
  /** The providers of "My work"; a capability adds its own with `work.register`. */
  work: WorkProviders;
  handlers: Handlers;
  /** Pays the first document's one-off costs ahead of time (long-lived processes call it once after start). */
  warmUp(): Promise<void>;
  close(): void;
}

export function createEngine(options: EngineOptions): Engine {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const store = openStore(storeFile(options.dataDir), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  attachSearchIndex(store);
  const who = actorSource(store, { explicit: options.actorOverride, fallback: options.actor });
  // The actor is a getter, read at each change (setting the profile takes effect at once); the
  // capability contexts below inherit it from this object rather than copying its value.
  const context: QuestionnaireContext = {
    store,
    get actor() {
      return who.actor;
    },
    ...(options.today ? { today: options.today } : {}),
    templates: new TemplateLibrary(options.templatesDir ?? defaultTemplatesDir()),
    attachmentsDir: path.join(options.dataDir, 'attachments'),
  };
  // The user's signing key and keyring: risk acceptances and CIS approvals are signed with it.
  context.keys = {
    keysDir: keysDirOf(options.dataDir),
    keyVault: options.keyVault ?? defaultKeyVault(keysDirOf(options.dataDir)),
    get actor() {
      return context.actor;
    },
    now: () => new Date(),
  };
  // Conformance testing: its records decide when conformance_testing and go-live may be done.
  const conformance: ConformanceContext = Object.assign(Object.create(context) as QuestionnaireContext, {
    templatesDir: options.templatesDir ?? defaultTemplatesDir(),
    keys: context.keys,
  });
  context.gateReasons = (dossierId, stage) => [...questionnaireGateReasons(context, dossierId, stage), ...conformancePhaseReasons(conformance, dossierId, stage), ...approvalGateReasons(store, dossierId, stage)];
  context.activityDoneReasons = (dossierId, activity) => conformanceActivityReasons(conformance, dossierId, activity);
  // Each capability hands the History its tables, their kind and words; the History knows none of them.
  const history: HistoryContext = {
    store,
    history: new HistoryRegistry([
      dossierHistoryLabels,
      activityHistoryLabels,
      gapAnalysisHistoryLabels(context.templates),
      deploymentPlanHistoryLabels,
      conformanceHistoryLabels,
      packageHistoryLabels,
      formImportHistoryLabels(formsContext(context).forms),
    ]),
  };
  context.planDrift = (dossierId) => planDriftMessages(context, dossierId);
  const documents: DocumentContext = Object.assign(Object.create(context) as QuestionnaireContext, {
    documentTemplates: new DocumentTemplates(options.templatesDir ?? defaultTemplatesDir()),
    readDeploymentPlan: (dossierId: string) => getDeploymentPlan(context, dossierId),
    readConformance: (dossierId: string) => getConformance(conformance, dossierId),
  });
  const sync = new SyncService({
    store,
    get actor() {
      return who.actor;
    },
    dataDir: options.dataDir,
    historyLabeler: history.history.labeler,
    tokenStore: options.syncTokenStore ?? givenTokenStore(options.syncToken),
    ...(options.syncTransport ? { transport: options.syncTransport } : {}),
  });
  const work = defaultWorkProviders(store, context.templates);
  const handlers: Handlers = {
    'app.info': () => ({ version: APP_VERSION, dataDir: options.dataDir, deviceId: store.deviceId, actor: who.actor }),
    'dashboard.get': (input) => ({ ...dashboard(context, input), at_risk: partnersAtRisk(context) }),
    'dossier.create': (input) => createDossier(context, input),
    'dossier.list': (input) => listDossiers(context, input),
    'dossier.get': (input) => getDossier(context, input.id),
    'dossier.similar': (input) => findSimilarDossiers(context, input),
    'dossier.update': (input) => updateDossier(context, input),
    'dossier.advance': (input) => advancePhase(context, input.id),
    'dossier.history': (input) => dossierChanges(history, findDossierRow(store, input.id).id, input.limit),
    'dossier.history.groups': ({ id, ...page }) => dossierHistoryGroups(history, findDossierRow(store, id).id, page),
    'activity.update': (input) => updateActivity(context, input),
    'activity.attach': (input) =>
      attachToActivity(context, { id: input.id, activity: input.activity, kind: input.kind, name: input.file.name, content: Buffer.from(input.file.content_base64, 'base64') }),
    ...documentHandlers(documents),
    ...packageHandlers(context, { dataDir: options.dataDir, keyVault: options.keyVault, generateDocuments: approvalPackageDocuments(documents), renderSignedCopy: signedCopyRenderer(documents) }),
    'questionnaire.get': (input) => getQuestionnaire(context, input.id),
    'questionnaire.provide': (input) => recordQuestionnaireProvided(context, input),
    'questionnaire.answer': (input) => answerQuestion(context, input),
    'questionnaire.assess': (input) => assessQuestion(context, input),
    'questionnaire.evidence.add': (input) =>
      addEvidence(
        context,
        input.id,
        input.question,
        'file' in input ? { file: { name: input.file.name, content: Buffer.from(input.file.content_base64, 'base64') } } : { reference: input.reference },
      ),
    'questionnaire.evidence.remove': (input) => removeEvidence(context, input),
    'questionnaire.upgrade': (input) => upgradeQuestionnaire(context, input),
    'gap.list': (input) => listGaps(context, input.id),
    'gap.update': (input) => updateGap(context, input),
    ...deploymentPlanHandlers(context),
    ...formHandlers(context),
    ...conformanceHandlers(conformance),
    ...syncHandlers(sync, context),
    ...profileHandlers(store, who),
    ...workHandlers(Object.assign(Object.create(context) as QuestionnaireContext, { providers: work })),
    ...appearanceHandlers(store),
    'dossier.export': (input) => exportDossiers(context, input),
    'portfolio.report': (input) => portfolioReport(documents, input),
    'demo.seed': (input) => {
      const { n } = store.db.prepare('SELECT COUNT(*) AS n FROM dossiers').get() as { n: number };
      return { created: seedDemo(context, input.count, n) };
    },
  };
  return { store, sync, context, work, handlers, warmUp: () => warmUpDocuments(documents), close: () => store.close() };
}
