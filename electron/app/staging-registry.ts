/**
 * Staged imports waiting for the officer's decision, by staging id. The staging directory survives
 * until `import:commit` or `import:discard`; what is kept here is plain data (paths, manifest,
 * report — the engine's StagedImport), so the job process that staged it can be long gone.
 */
import { randomUUID } from 'node:crypto';
import type { StagedImportData } from '../jobs/protocol';
import type { ChecklistBlock } from '../../shared/checklist-policy';

export class StagingRegistry {
  private readonly staged = new Map<string, { data: StagedImportData; windowId: number; revealed: ChecklistBlock[] }>();

  /** Keeps a staged import for the window that staged it; returns its id. */
  add(data: StagedImportData, windowId: number): string {
    const id = randomUUID();
    this.staged.set(id, { data, windowId, revealed: [] });
    return id;
  }

  /** The staged import, only for the window that staged it. */
  get(id: string, windowId: number): StagedImportData | null {
    const entry = this.staged.get(id);
    return entry && entry.windowId === windowId ? entry.data : null;
  }

  /**
   * Remembers that a blind comparison (the seal) was answered wrong and the signed value was then
   * shown for this staged import. The mismatch stays a block for the rest of its life: otherwise an
   * officer could type anything, read the expected number, go back and type it again.
   */
  revealMismatches(id: string, blocks: readonly ChecklistBlock[]): void {
    const entry = this.staged.get(id);
    if (!entry) return;
    for (const b of blocks) if (!entry.revealed.some((r) => r.itemId === b.itemId)) entry.revealed.push(b);
  }

  /** The mismatches revealed so far for this staged import (see revealMismatches). */
  revealedMismatches(id: string): ChecklistBlock[] {
    return [...(this.staged.get(id)?.revealed ?? [])];
  }

  remove(id: string): void {
    this.staged.delete(id);
  }

  /** Every staged import (to discard them when the app quits without a decision). */
  all(): StagedImportData[] {
    return [...this.staged.values()].map((e) => e.data);
  }
}
