export { exportDossiers, exportRows, toCsv, toXlsx, EXPORT_COLUMNS } from './dossierExport';
