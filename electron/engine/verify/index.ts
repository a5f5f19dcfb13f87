/** Verification of `sluice-transfer/1` packages: the public surface of electron/engine/verify. */
export { checkSignature, type SignatureStageResult } from './signature-stage';
export { verifyPackage, runVerification, type VerifyOptions, type VerificationHooks, type VerificationRun } from './verify';
export type { EntrySink } from './payload-pass';
export type { TrustStoreLike, TrustedKeyLike } from './trust';
export { VERIFY_CHECKS, IMPORT_CHECKS } from './report-builder';
