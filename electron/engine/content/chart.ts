/**
 * The three facts Sluice records about a Helm chart — name, version, appVersion — read from its
 * `Chart.yaml` by a deliberately tiny reader rather than a YAML library: only top-level
 * `key: value` lines with a plain or quoted scalar are understood. A YAML parser would be a large
 * new dependency run on hostile input (anchors, aliases, tags, billion-laughs expansion) to read
 * three scalars that Helm itself writes as plain one-line values; anything fancier for these keys
 * makes the chart `unreadable` rather than guessed at.
 */
import { NO_FORBIDDEN_CHARS } from '../../../shared/format/text-rules';
import type { ChartDetails } from '../../../shared/format/entry-details';
import { Unreadable } from './image-archive';

const KEYS = { name: 128, version: 64, appVersion: 64 } as const;
type Key = keyof typeof KEYS;

/** True for `<chart>/Chart.yaml`, the one place Helm reads a packaged chart's metadata from. */
export function isChartYamlName(name: string): boolean {
  return /^[^/]+\/Chart\.yaml$/.test(name);
}

/** Reads name, version and appVersion; throws Unreadable when they cannot be read plainly. */
export function readChartYaml(bytes: Uint8Array): ChartDetails {
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Unreadable('Chart.yaml is not UTF-8');
  }
  const found: Partial<Record<Key, string>> = {};
  for (const line of source.split(/\r?\n/)) {
    const m = /^(name|version|appVersion):(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1] as Key;
    if (found[key] !== undefined) throw new Unreadable(`Chart.yaml sets ${key} twice`);
    found[key] = scalar(m[2]!, key);
  }
  if (found.name === undefined || found.version === undefined) throw new Unreadable('Chart.yaml has no top-level name or version');
  return { name: found.name, version: found.version, ...(found.appVersion !== undefined ? { appVersion: found.appVersion } : {}) };
}

/** One plain, single- or double-quoted scalar (no escapes), with an optional trailing comment. */
function scalar(raw: string, key: Key): string {
  const rest = raw.trim();
  let value: string;
  const quoted = /^(?:"([^"\\]*)"|'((?:[^']|'')*)')\s*(?:#.*)?$/.exec(rest);
  if (quoted) value = quoted[1] ?? quoted[2]!.replace(/''/g, "'");
  else {
    value = rest.replace(/\s+#.*$/, '');
    // Block scalars, anchors, aliases, tags, flow collections, quotes left open: not a plain value.
    if (value === '' || /^[|>&*!\[{"'%@`#]/.test(value)) throw new Unreadable(`Chart.yaml's ${key} is not a plain one-line value`);
  }
  if (value.length === 0 || value.length > KEYS[key]) throw new Unreadable(`Chart.yaml's ${key} is empty or longer than ${KEYS[key]} characters`);
  if (!NO_FORBIDDEN_CHARS.test(value)) throw new Unreadable(`Chart.yaml's ${key} holds a control or invisible character`);
  return value;
}
