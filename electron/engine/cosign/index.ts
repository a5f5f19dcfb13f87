/** Co-signatures (the two-person rule, FORMAT.md §5.1): writing one, and judging a package's. */
export { cosignFileName, cosignPackage, type CosignOptions, type CosignResult } from './cosign';
export { checkCosignatures, COSIGN_FAILURE_STATUSES, recordCosignCheck, witnessesRequired, type CosignCheckInput } from './check';
