/**
 * The station settings file (`settings.json` in the app's user-data folder). Read: validated
 * against the schema every time — a hand-edited or corrupted file is refused with the reason, never
 * half-used. Write: to a temporary file, fsync, then rename over the old one, so a crash leaves the
 * old or the new settings, never a torn file. First run: no file → null → the UI runs set-up.
 * A version-1 file (no import destination) is migrated on read: see `migrateSettings`.
 */
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFileAtomically } from '../engine/util/atomic-write';
import { migrateSettings, settingsSchema, type Settings } from '../../shared/settings';
import { SluiceError } from '../engine/errors';

export interface SettingsStore {
  /** The settings, or null on first run. Throws 'bad-settings' when the file is invalid. */
  load(): Promise<Settings | null>;
  /** Validates and writes atomically; returns what was written. */
  save(settings: Settings): Promise<Settings>;
  readonly file: string;
}

/** The settings store in `userDataDir`. */
export function createSettingsStore(userDataDir: string): SettingsStore {
  const file = join(userDataDir, 'settings.json');
  return {
    file,
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new SluiceError('bad-settings', `cannot read the settings file ${file}: ${(e as Error).message}`);
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (e) {
        throw new SluiceError('bad-settings', `the settings file ${file} is not valid JSON (${(e as Error).message}). Fix or remove it and run set-up again.`);
      }
      // An older file is read through the migration (it proposes new folders, creates nothing);
      // it is written in the new version at the next save.
      const parsed = settingsSchema.safeParse(migrateSettings(raw));
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.') || '(root)', reason: i.message }));
        throw new SluiceError('bad-settings', `the settings file ${file} is not valid. Fix or remove it and run set-up again.`, issues);
      }
      return parsed.data;
    },
    async save(settings) {
      const parsed = settingsSchema.safeParse(settings);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.') || '(root)', reason: i.message }));
        throw new SluiceError('bad-settings', 'the settings are not valid; nothing was saved.', issues);
      }
      await mkdir(userDataDir, { recursive: true, mode: 0o700 });
      await replaceFileAtomically(file, `${JSON.stringify(parsed.data, null, 2)}\n`);
      return parsed.data;
    },
  };
}
