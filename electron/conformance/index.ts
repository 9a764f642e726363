/**
 * Conformance testing of a dossier: the catalogue (templates/conformance), the plan, rounds,
 * results with evidence, defects, imported test reports and the signed CIS interface approval.
 */
export { conformanceHandlers } from './handlers';
export { conformanceHistoryLabel, conformanceHistoryLabels } from './history';
export {
  addResultEvidence,
  conformanceActivityReasons,
  conformancePhaseReasons,
  getConformance,
  recordResult,
  type ConformanceContext,
  type EvidenceInput,
} from './service';
export { loadCatalogue, parseCatalogueFile, PCR_CATALOGUE_ID } from './catalogue';
export { parseReport, parseJUnit, parseTestReport, REPORT_LIMITS, ReportRefused } from './parsers/index';
export { MAX_ATTACHMENT_BYTES } from '../questionnaire/attachments';
