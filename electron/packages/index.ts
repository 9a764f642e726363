export {
  exportPackage,
  keysDirOf,
  packageContext,
  packageHandlers,
  signPackage,
  verifyPackageFile,
  type ApprovalDocuments,
  type ApprovalDocumentsRequest,
  type GenerateApprovalDocuments,
  type PackageContext,
  type PackageOptions,
  type RenderSignedCopy,
  type VerifiedApproval,
  MODEL_MEDIA_TYPE,
  MODEL_SUFFIX,
} from './service';
export { approvalGateReasons } from './approvals';
export { packageHistoryLabels } from './historyLabels';
export { buildPackage, addSignature, type BuildPackageInput, type PackageDocument } from './packageFile';
export { verifyPackage } from './verify';
export { dossierContentFingerprint, planPackageVersion, packageHistory } from './history';
export {
  EnvKeyVault,
  PassphraseFileVault,
  defaultKeyVault,
  passphraseFromEnv,
  MIN_PASSPHRASE_LENGTH,
  PASSPHRASE_ENV,
  SIGNING_KEY_ENV,
  type KeyVault,
  type PassphraseSource,
} from './keyVault';
export { SafeStorageKeyVault, desktopKeyVault, SAFE_STORAGE_KEY_FILE } from './safeStorageVault';
export { readKeyring } from './keyring';
export { statementBytes, SIGNATURE_CONTEXT } from './signature';
export { readArchive, writeArchive, ZIP_LIMITS } from './zipArchive';
