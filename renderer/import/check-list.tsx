/**
 * Per-check results and per-failure lines of a verification, each marked PASS/FAIL in words, and
 * the fault they add up to (shared/format/fault.ts) in words that fit it: an incomplete copy is
 * not a security incident, a replay names the earlier import, a tamper stays an incident.
 */
import type { CheckResult, Failure } from '../../shared/format/report';
import type { Fault } from '../../shared/format/fault';
import { displaySafe } from '../../shared/format/display-text';
import { StatusBadge } from '../components/status-badge';
import { useLongList, ListSearch } from '../components/long-list';

const CHECK_NAMES: Record<string, string> = {
  'package-files': 'Package files', signature: 'Signature', 'trusted-comment': 'Trusted comment', manifest: 'Manifest', cosign: 'Witness co-signatures',
  'sums-signature': 'Checksum signature', sums: 'Checksum files', freshness: 'Freshness', destination: 'Destination',
  replay: 'Not imported before', rollback: 'Sequence order', volumes: 'Volumes', payload: 'Payload', archive: 'Archive', entries: 'File contents',
};

/** The checks as a table. */
export function CheckTable({ checks }: { checks: CheckResult[] }) {
  if (!checks.length) return null;
  return (
    <table aria-label="Checks">
      <thead><tr><th>Check</th><th>Result</th><th>Detail</th></tr></thead>
      <tbody>
        {checks.map((c) => (
          <tr key={c.id}><td>{CHECK_NAMES[c.id] ?? c.id}</td><td><StatusBadge status={c.status} /></td><td>{displaySafe(c.detail)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

const failureText = (f: Failure) => `${CHECK_NAMES[f.check] ?? f.check} ${f.where} ${f.reason}`;

/** The failures: what failed, where (the file, volume or entry) and why; a hostile package's 100,000 are searched, not all shown. */
export function FailureList({ failures }: { failures: Failure[] }) {
  const list = useLongList(failures, failureText);
  if (!failures.length) return null;
  return (
    <>
      <ListSearch view={list} noun="failures" />
      <ul aria-label="Failures" data-testid="failures">
        {list.shown.map((f, i) => (
          <li key={i}>
            <StatusBadge status="fail" /> <strong>{CHECK_NAMES[f.check] ?? f.check}</strong> — <code>{displaySafe(f.where)}</code>: {displaySafe(f.reason, { max: 600 })}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The fault's headline and what to do, above the failures. */
export function FaultSummary({ fault }: { fault: Fault | null }) {
  if (!fault) return null;
  return (
    <div data-testid="fault" data-kind={fault.kind}>
      <p data-testid="fault-headline"><strong>{displaySafe(fault.headline, { max: 1000 })}</strong></p>
      <p data-testid="fault-advice">{displaySafe(fault.advice, { max: 1000 })}</p>
    </div>
  );
}
