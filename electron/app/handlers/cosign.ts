/**
 * package:cosign — the two-person rule on export. After reviewing the summary, a witness co-signs
 * the transfer with THEIR OWN key (`<keysDir>/<keyName>.key`, unlocked by their passphrase):
 * `cosign-<KEYID>.minisig` beside manifest.json, and `transfer.cosigned` in the ledger with the
 * witness as actor. Main refuses: a transfer this station did not pack, a medium already sealed, a
 * witness who is not one of the station's witnesses or is the transfer's operator, and the
 * package signer's own key.
 */
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ok, err } from '../../../shared/result';
import { canExport } from '../../../shared/settings';
import { sameAnswer } from '../../../shared/checklist-policy';
import type { CosignedView } from '../../../shared/ipc/contract';
import { appendEvent, readLedger } from '../../engine/ledger';
import { loadSigningKey } from '../../engine/keys';
import { formatKeyId } from '../../engine/crypto/minisign';
import { cosignPackage } from '../../engine/cosign';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import { knownPerson, mediumSealed, packedManifest, packedTransfer, sealedEntry } from './export-policy';
import { checkStationFolders } from '../station-folders';

export function cosignHandlers(env: HandlerEnv): Pick<HandlerTable, 'package:cosign'> {
  return {
    'package:cosign': async ({ transferId, keyName, passphrase, witness }) => {
      const s = await env.requireSettings();
      // The ledger (and, to co-sign, the keys) must be there: named if not, never re-created.
      await checkStationFolders(s, ['keysDir', 'ledgerDir'], env.statFolder);
      if (!canExport(s)) return err({ code: 'wrong-role', message: 'This station is not set up to pack transfers, so it has nothing to co-sign.' });
      const entries = await readLedger(s.paths.ledgerFile);
      const packed = await packedTransfer(s, transferId, entries);
      if (!packed.ok) return err({ ...packed.error, message: `${packed.error.message} Only a transfer packed here can be co-signed here.` });
      const sealed = await sealedEntry(s.paths.ledgerFile, transferId, entries);
      if (sealed) return mediumSealed(sealed, 'a co-signature');
      const who = knownPerson(s.people.witnesses, witness);
      if (!who) return err({ code: 'unknown-witness', message: `"${witness}" is not one of this station's witnesses (${s.people.witnesses.join(', ') || 'none set'}). Add them in the settings first.` });
      if (sameAnswer(who, packed.value.operator)) {
        return err({ code: 'witness-is-operator', message: `${who} packed this transfer, so they cannot also witness it: the two-person rule needs a second person.` });
      }
      // The manifest must still be the one this station signed before anyone vouches for it.
      const manifest = await packedManifest(packed.value);
      if (!manifest.ok) return manifest;
      const signingKey = await loadSigningKey(join(s.paths.keysDir, `${keyName}.key`), passphrase);
      const keyId = formatKeyId(signingKey.keyIdBytes);
      if (keyId === packed.value.keyId) {
        return err({ code: 'cosign-own-key', message: `${keyName} (${keyId}) is the key that signed this package. The witness co-signs with their own key, not the signer's.` });
      }
      const r = await cosignPackage(packed.value.packageDir!, signingKey, { role: 'witness' });
      const file = basename(r.file);
      let line;
      try {
        line = await appendEvent(s.paths.ledgerFile, {
          event: 'transfer.cosigned', station: s.networkId, actor: who, transferId,
          data: { keyId: r.keyId, role: 'witness', manifestSha256: r.manifestSha256, fingerprint: r.fingerprint, file, keyName },
        });
      } catch (e) {
        // No co-signature stays on the medium without its record: the witness can sign again.
        await rm(r.file, { force: true }).catch(() => {});
        throw e;
      }
      return ok<CosignedView>({ transferId, witness: who, keyId: r.keyId, fingerprint: r.fingerprint, file, manifestSha256: r.manifestSha256, ledgerSeq: line.seq });
    },
  };
}
