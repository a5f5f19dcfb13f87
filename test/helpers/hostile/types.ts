/**
 * The shape of one hostile-package case: how to build it and how the importer must refuse it.
 */
import type { CheckId } from '../../../shared/format/report';
import type { ManifestEntry } from '../../../shared/format/manifest';

/** Paths of the sandbox a case is built and imported in. */
export interface CaseContext {
  /** The temp dir holding everything below. */
  sandbox: string;
  /** The import destination root. */
  destRoot: string;
  /** A directory next to destRoot that an escaping write would hit; must stay untouched. */
  sentinel: string;
}

/** What a case builds: the manifest's entries (verbatim) and the payload volumes (bytes as written). */
export interface CaseBuild {
  entries: ManifestEntry[];
  volumes: Uint8Array[];
  /** Overrides the case's transfer id (`H-<case id>`), for cases where the id itself is hostile. */
  transferId?: string;
}

/** What python3's tarfile sees in a payload (see probe.ts). */
export interface TarProbe {
  members: { name: string; type: string; size: number; linkname: string; pax: Record<string, string> }[];
  /** tarfile's exception, when reading stopped on one. */
  error: string | null;
}

export interface HostileCase {
  /** Unique, also used in the transfer id: [a-z0-9-]. */
  id: string;
  /** What is hostile about it, for the test name. */
  title: string;
  /** The check that must fail. */
  check: CheckId;
  /** A failure of `check` must carry a reason matching this. */
  reason: RegExp;
  build(ctx: CaseContext): CaseBuild;
  /** Absolute paths an extraction that obeyed the archive would have created; none may exist afterwards. */
  escapeTargets?(ctx: CaseContext): string[];
  /** Confirms with python3 tarfile that the payload really has the hostile property. */
  probe?(seen: TarProbe, ctx: CaseContext): void;
}
