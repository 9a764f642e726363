export { formHandlers } from './handlers';
export { DOSSIER_CHOICE, applyForm, blankForm, formsContext, inspectForm, listForms, type ApplyResult, type FormsContext, type InspectResult } from './service';
export { FormLibrary } from './library';
export { renderPdfForm, pdfFieldNames } from './pdfForm';
export { renderDocxForm } from './docxForm';
export { FORM_LIMITS, readFormFile, sniffFormat, type FormFileContent, type FormFormat } from './readers';
export { formImportHistoryLabel, formImportHistoryLabels } from './history';
