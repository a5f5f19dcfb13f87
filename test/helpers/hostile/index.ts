/**
 * The hostile-package corpus: every case, and the sandbox a case is built and imported in.
 * Each case writes a VALIDLY SIGNED package with correct sums, so the verifier's post-signature
 * defences (manifest rules, archive checks) are what must refuse it.
 */
import { CANONICAL_CASES } from './canonical-cases';
import { PATH_CASES } from './path-cases';
import { PAX_CASES } from './pax-cases';
import { STRUCTURE_CASES } from './structure-cases';
import { TYPE_CASES } from './type-cases';
import { VOLUME_CASES } from './volume-cases';
import type { HostileCase } from './types';

export type { CaseBuild, CaseContext, HostileCase, TarProbe } from './types';
export { writeSignedPackage, testSigner, trustStoreFor, CHANNEL } from './signed-package';
export { benignEntries, benignTar } from './benign';

/** Every hostile case, ids unique. */
export const HOSTILE_CASES: readonly HostileCase[] = [...PATH_CASES, ...TYPE_CASES, ...PAX_CASES, ...STRUCTURE_CASES, ...CANONICAL_CASES, ...VOLUME_CASES];
