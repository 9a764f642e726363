export {
  HistoryRegistry,
  historyLabel,
  type HistoryLabelContext,
  type HistoryLabeler,
  type HistoryRegistration,
  type OperationChange,
  type OperationSummarizer,
} from './labels';
export { dossierChanges, dossierHistoryGroups, type HistoryContext } from './read';
