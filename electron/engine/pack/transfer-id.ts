/**
 * Default transfer ids: `T<YYYYMMDD>-<HHMMSS>-<8 hex>` from the creation time (UTC) and 4 random
 * bytes, so ids sort by time and two packs in the same second still differ.
 */
import { randomBytes } from 'node:crypto';
import { TRANSFER_ID_PATTERN } from '../../../shared/format/constants';
import { SluiceError } from '../errors';

/** A fresh transfer id for a package created at `created`. */
export function generateTransferId(created: Date): string {
  const iso = created.toISOString(); // 2026-11-22T03:04:05.678Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `T${date}-${time}-${randomBytes(4).toString('hex')}`;
}

/** Returns `id` if it is an acceptable transfer id, otherwise refuses with the rule. */
export function checkTransferId(id: string): string {
  // "X.partial" is the staging name of transfer X, so no id may end that way.
  if (!TRANSFER_ID_PATTERN.test(id) || id.endsWith('.partial')) {
    throw new SluiceError('bad-transfer-id', `Transfer id "${id}" is not allowed: use 1–64 letters, digits, ".", "_" or "-", not starting with "." nor ending in ".partial".`);
  }
  return id;
}
