export { exportDossiers, exportRows, toCsv, toXlsx, EXPORT_COLUMNS } from './dossierExport';
export { portfolioData, portfolioReport, GO_LIVE_HORIZON_DAYS } from './report';
