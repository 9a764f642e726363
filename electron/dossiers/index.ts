export {
  advancePhase,
  attachToActivity,
  createDossier,
  createDossiers,
  dashboard,
  dossierHistory,
  getDossier,
  listDossiers,
  recordQuestionnaireProvided,
  ruleRefusal,
  ruleState,
  updateActivity,
  updateDossier,
  type ServiceContext,
} from './service';
export { attachSearchIndex, toMatchQuery } from './search';
export { findSimilarDossiers } from './similar';
export { seedDemo, demoValues } from './demo';
export { combineHistoryLabelers, historyLabel, type HistoryLabelContext, type HistoryLabeler } from './historyLabels';
