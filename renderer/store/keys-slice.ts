/**
 * Keys and trust slice: this station's signing keys (export side) and its trust store (import
 * side). Trusting a key takes the officer's own typing or confirmation of its fingerprint; main
 * checks it again, so the renderer cannot trust a key by itself. Every call names who is acting
 * ("Acting as", one of the station's people); main checks the name and records it in the ledger.
 */
import type { Api, ExportedPublicKey, KeyFileView, KeyView, TrustedKeyView } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { call } from '../api';
import type { SliceGet, SliceSet } from './types';

export interface KeysSlice {
  keys: KeyView[] | null;
  trusted: TrustedKeyView[] | null;
  keysError: AppError | null;
  exported: ExportedPublicKey | null;
  /** A public key file picked for trusting, with the identity main read from it. */
  candidate: { file: string; view: KeyFileView } | null;
  /** Who is acting on the keys screen ("Acting as"); '' until chosen. */
  keysActor: string;
  setKeysActor: (person: string) => void;
  loadKeys: () => Promise<void>;
  loadTrusted: () => Promise<void>;
  /** Generates a key pair; returns true on success. */
  generateKey: (name: string, passphrase: string) => Promise<boolean>;
  /** Exports a public key, writing it into a chosen folder when the person picks one. */
  exportPublicKey: (name: string, toFolder: boolean) => Promise<void>;
  pickKeyToTrust: () => Promise<void>;
  clearCandidate: () => void;
  /** Trusts the candidate as a signer (default) or a witness (may only co-sign). */
  trustCandidate: (label: string, typedFingerprint: string, role?: 'signer' | 'witness') => Promise<boolean>;
  revokeTrusted: (label: string, reason: string) => Promise<boolean>;
}

export function createKeysSlice(set: SliceSet, get: SliceGet, api: Api): KeysSlice {
  const fail = (error: AppError) => {
    set({ keysError: error });
    return false;
  };
  /** The person acting, or a failure asking to choose one (main would refuse an empty name anyway). */
  const actor = (): string | null => {
    const who = get().keysActor;
    if (!who) fail({ code: 'no-actor', message: 'Choose who is acting (Acting as) first: the ledger records who did it.' });
    return who || null;
  };
  const slice: KeysSlice = {
    keys: null,
    trusted: null,
    keysError: null,
    exported: null,
    candidate: null,
    keysActor: '',
    setKeysActor(person) {
      set({ keysActor: person });
    },
    async loadKeys() {
      set({ keysError: null });
      const r = await call(() => api.keysList());
      if (r.ok) set({ keys: r.value });
      else fail(r.error);
    },
    async loadTrusted() {
      const r = await call(() => api.trustList());
      if (r.ok) set({ trusted: r.value });
      else fail(r.error);
    },
    async generateKey(name, passphrase) {
      set({ keysError: null });
      const who = actor();
      if (!who) return false;
      const r = await call(() => api.keysGenerate({ name, passphrase, actor: who }));
      if (!r.ok) return fail(r.error);
      await slice.loadKeys();
      return true;
    },
    async exportPublicKey(name, toFolder) {
      set({ keysError: null, exported: null });
      let targetDir: string | undefined;
      if (toFolder) {
        const d = await call(() => api.dialogOpenFolder({ title: 'Choose where to write the public key' }));
        if (!d.ok) return void fail(d.error);
        if (d.value.canceled || !d.value.paths[0]) return;
        targetDir = d.value.paths[0];
      }
      const r = await call(() => api.keysExportPublic(targetDir ? { name, targetDir } : { name }));
      if (r.ok) set({ exported: r.value });
      else fail(r.error);
    },
    async pickKeyToTrust() {
      set({ keysError: null, candidate: null });
      const d = await call(() => api.dialogOpenFiles({ title: 'Choose the signer\u2019s public key (.pub)' }));
      if (!d.ok) return void fail(d.error);
      const file = d.value.paths[0];
      if (d.value.canceled || !file) return;
      const r = await call(() => api.trustInspect({ file }));
      if (r.ok) set({ candidate: { file, view: r.value } });
      else fail(r.error);
    },
    clearCandidate() {
      set({ candidate: null });
    },
    async trustCandidate(label, typedFingerprint, role = 'signer') {
      const c = get().candidate;
      if (!c) return false;
      set({ keysError: null });
      const who = actor();
      if (!who) return false;
      const r = await call(() => api.trustAdd({ file: c.file, label, typedFingerprint, role, actor: who }));
      if (!r.ok) return fail(r.error);
      set({ candidate: null });
      await slice.loadTrusted();
      return true;
    },
    async revokeTrusted(label, reason) {
      set({ keysError: null });
      const who = actor();
      if (!who) return false;
      const r = await call(() => api.trustRevoke({ label, reason, actor: who }));
      if (!r.ok) return fail(r.error);
      await slice.loadTrusted();
      return true;
    },
  };
  return slice;
}
