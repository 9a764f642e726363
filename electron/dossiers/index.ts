export {
  advancePhase,
  attachToActivity,
  createDossier,
  createDossiers,
  dashboard,
  getDossier,
  listDossiers,
  recordQuestionnaireProvided,
  ruleRefusal,
  ruleState,
  updateActivity,
  updateDossier,
  type ServiceContext,
} from './service';
export { attachSearchIndex, searchColumns, toMatchQuery } from './search';
export { findDossierRow } from './read';
export { findSimilarDossiers } from './similar';
export { seedDemo, demoValues } from './demo';
export { activityHistoryLabels, dossierHistoryLabels } from './historyLabels';
