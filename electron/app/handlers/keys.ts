/**
 * keys:* and trust:* — the station's signing keys and its trust store. Adding trust requires the
 * officer's typed (or confirmed) fingerprint to match the key file's: a key is never trusted on the
 * strength of the file alone. Every ledger event names the person acting (checked against the
 * station's people), and the folders are checked, never re-created.
 */
import { copyFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ok, err } from '../../../shared/result';
import { appendEvent } from '../../engine/ledger';
import { createKey, fingerprint, loadPublicKeyFile, loadTrustStore, revokeKey, trustKey, type TrustedKey } from '../../engine/keys';
import { readKeyText } from '../../engine/keys/key-files';
import { encodePublicKey } from '../../engine/crypto/minisign';
import { SluiceError } from '../../engine/errors';
import { requirePerson } from '../people';
import { checkStationFolders } from '../station-folders';
import type { HandlerTable } from '../ipc-guard';
import type { HandlerEnv } from './deps';
import type { KeyView, TrustedKeyView } from '../../../shared/ipc/contract';

/** Fingerprints compare without spaces, colons or case: people type them in many ways. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:-]/g, '').toUpperCase();
}

async function listKeys(dir: string): Promise<KeyView[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const out: KeyView[] = [];
  for (const n of names.filter((x) => x.endsWith('.pub')).sort()) {
    const name = n.slice(0, -4);
    const pk = await loadPublicKeyFile(join(dir, n));
    out.push({ name, keyId: pk.keyId, fingerprint: fingerprint(pk), hasSecret: names.includes(`${name}.key`) });
  }
  return out;
}

export function keyHandlers(env: HandlerEnv): Pick<HandlerTable, 'keys:list' | 'keys:generate' | 'keys:exportPublic' | 'trust:list' | 'trust:inspect' | 'trust:add' | 'trust:revoke'> {
  return {
    'keys:list': async () => {
      const s = await env.requireSettings();
      await checkStationFolders(s, ['keysDir'], env.statFolder);
      return ok(await listKeys(s.paths.keysDir));
    },
    'keys:generate': async ({ name, passphrase, actor }) => {
      const s = await env.requireSettings();
      // Anyone of the station may own a key: operators sign, witnesses co-sign, officers may do either.
      const who = requirePerson(s, actor, ['operators', 'witnesses', 'officers'], 'generate a key');
      await checkStationFolders(s, ['keysDir', 'ledgerDir'], env.statFolder);
      const k = await createKey({ dir: s.paths.keysDir, name, passphrase, cost: env.kdfCost ?? 'standard' });
      await appendEvent(s.paths.ledgerFile, { event: 'key.created', station: s.networkId, actor: who, data: { keyId: k.keyId, name, fingerprint: k.fingerprint } });
      return ok({ name, keyId: k.keyId, fingerprint: k.fingerprint, hasSecret: true });
    },
    'keys:exportPublic': async ({ name, targetDir }, ctx) => {
      const s = await env.requireSettings();
      // The target is checked before anything is read: a path not granted is refused as such.
      const [dir] = targetDir ? ctx.grants.require([targetDir]) : [];
      const file = join(s.paths.keysDir, `${name}.pub`);
      const pk = await loadPublicKeyFile(file);
      let writtenTo: string | null = null;
      if (dir) {
        writtenTo = join(dir, `${name}.pub`);
        await copyFile(file, writtenTo, 1 /* COPYFILE_EXCL: never overwrite */);
      }
      return ok({ name, keyId: pk.keyId, fingerprint: fingerprint(pk), publicKeyText: encodePublicKey(pk), writtenTo });
    },
    'trust:list': async () => {
      const s = await env.requireSettings();
      await checkStationFolders(s, ['trustDir'], env.statFolder);
      const store = await loadTrustStore(s.paths.trustDir);
      const view = (revoked: boolean) => (k: TrustedKey): TrustedKeyView => ({ label: k.label, keyId: k.keyId, fingerprint: k.fingerprint, revoked, role: k.role });
      return ok([...store.keys.map(view(false)), ...store.witnesses.map(view(false)), ...store.revoked.map(view(true))]);
    },
    'trust:inspect': async ({ file }, ctx) => {
      const [path] = ctx.grants.require([file]);
      const text = await readKeyText(path!, 'public key');
      const pk = await loadPublicKeyFile(path!);
      return ok({ keyId: pk.keyId, fingerprint: fingerprint(pk), comment: (text.split('\n')[0] ?? '').slice(0, 200) });
    },
    'trust:add': async ({ file, label, typedFingerprint, role = 'signer', actor }, ctx) => {
      const s = await env.requireSettings();
      const who = requirePerson(s, actor, ['officers', 'operators'], 'trust a key');
      await checkStationFolders(s, ['trustDir', 'ledgerDir'], env.statFolder);
      const [path] = ctx.grants.require([file]);
      const pk = await loadPublicKeyFile(path!);
      const actual = fingerprint(pk);
      if (normalizeFingerprint(typedFingerprint) !== normalizeFingerprint(actual)) {
        return err({ code: 'fingerprint-mismatch', message: `The fingerprint you entered does not match ${basename(path!)}. Do not trust this key: compare the fingerprint with the signer again, out of band.` });
      }
      const k = await trustKey(s.paths.trustDir, await readKeyText(path!, 'public key'), label, role);
      await appendEvent(s.paths.ledgerFile, { event: 'key.trusted', station: s.networkId, actor: who, data: { keyId: k.keyId, label, fingerprint: k.fingerprint, role: k.role } });
      return ok({ label, keyId: k.keyId, fingerprint: k.fingerprint, revoked: false, role: k.role });
    },
    'trust:revoke': async ({ label, reason, actor }) => {
      const s = await env.requireSettings();
      const who = requirePerson(s, actor, ['officers', 'operators'], 'revoke a key');
      await checkStationFolders(s, ['trustDir', 'ledgerDir'], env.statFolder);
      const k = await revokeKey(s.paths.trustDir, label);
      await appendEvent(s.paths.ledgerFile, { event: 'key.revoked', station: s.networkId, actor: who, data: { keyId: k.keyId, label, reason, role: k.role } });
      return ok({ label, keyId: k.keyId, fingerprint: k.fingerprint, revoked: true, role: k.role });
    },
  };
}
