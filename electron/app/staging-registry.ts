/**
 * Staged imports waiting for the officer's decision, by staging id. The staging directory survives
 * until `import:commit` or `import:discard`; what is kept here is plain data (paths, manifest,
 * report — the engine's StagedImport), so the job process that staged it can be long gone.
 */
import { randomUUID } from 'node:crypto';
import type { StagedImportData } from '../jobs/protocol';

export class StagingRegistry {
  private readonly staged = new Map<string, { data: StagedImportData; windowId: number }>();

  /** Keeps a staged import for the window that staged it; returns its id. */
  add(data: StagedImportData, windowId: number): string {
    const id = randomUUID();
    this.staged.set(id, { data, windowId });
    return id;
  }

  /** The staged import, only for the window that staged it. */
  get(id: string, windowId: number): StagedImportData | null {
    const entry = this.staged.get(id);
    return entry && entry.windowId === windowId ? entry.data : null;
  }

  remove(id: string): void {
    this.staged.delete(id);
  }

  /** Every staged import (to discard them when the app quits without a decision). */
  all(): StagedImportData[] {
    return [...this.staged.values()].map((e) => e.data);
  }
}
