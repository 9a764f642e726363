export {
  addEvidence,
  answerQuestion,
  answerQuestions,
  assessQuestion,
  getQuestionnaire,
  listGaps,
  partnersAtRisk,
  questionnaireGateReasons,
  removeEvidence,
  updateGap,
  upgradeQuestionnaire,
  type AnswerItem,
  type EvidenceInput,
  type QuestionnaireContext,
} from './service';
export { RISK_ACCEPTANCE_CONTEXT } from './riskAcceptance';
export { gapAnalysisHistoryLabels } from './history';
export { TemplateLibrary, VOLUME2_TEMPLATE_ID, parseTemplateFile } from './templates';
export { MAX_ATTACHMENT_BYTES, attachmentPath, storeAttachment } from './attachments';
