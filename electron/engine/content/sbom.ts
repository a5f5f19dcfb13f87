/**
 * What an SBOM says it describes: SPDX JSON (document name, namespace, the packages it DESCRIBES)
 * and CycloneDX JSON (bomFormat, specVersion, metadata.component). Sluice records this; it does not
 * judge the SBOM's contents.
 */
import { DETAIL_LIMITS, type SbomDetails } from '../../../shared/format/entry-details';
import { NO_FORBIDDEN_CHARS } from '../../../shared/format/text-rules';
import { Unreadable } from './image-archive';
import { asObject, asString } from './json';

/** The SBOM details of a parsed JSON value, or null when it is neither SPDX nor CycloneDX. */
export function readSbom(doc: unknown): SbomDetails | null {
  const o = asObject(doc);
  if (!o) return null;
  const spdx = asString(o.spdxVersion);
  if (spdx !== undefined && spdx.startsWith('SPDX-')) return spdxDetails(o, spdx);
  if (o.bomFormat === 'CycloneDX') return cycloneDetails(o);
  return null;
}

function spdxDetails(o: Record<string, unknown>, spdxVersion: string): SbomDetails {
  const packages = Array.isArray(o.packages) ? o.packages.map(asObject) : [];
  const byId = new Map<string, Record<string, unknown>>();
  for (const p of packages) { const id = asString(p?.SPDXID); if (p && id) byId.set(id, p); }
  const docId = asString(o.SPDXID) ?? 'SPDXRef-DOCUMENT';
  const ids = new Set<string>();
  if (Array.isArray(o.documentDescribes)) for (const id of o.documentDescribes) if (typeof id === 'string') ids.add(id);
  if (Array.isArray(o.relationships)) {
    for (const r of o.relationships.map(asObject)) {
      if (r?.spdxElementId === docId && r.relationshipType === 'DESCRIBES' && typeof r.relatedSpdxElement === 'string') ids.add(r.relatedSpdxElement);
    }
  }
  const describes = [...ids].slice(0, DETAIL_LIMITS.maxDescribes).flatMap((id) => {
    const p = byId.get(id);
    const name = asString(p?.name);
    if (!name) return [];
    const version = asString(p?.versionInfo);
    return [{ name: text(name, 256, 'a described package name'), ...(version ? { version: text(version, 128, 'a described package version') } : {}) }];
  });
  const name = asString(o.name);
  const ns = asString(o.documentNamespace);
  return {
    format: 'SPDX',
    specVersion: text(spdxVersion, 32, 'spdxVersion'),
    ...(name ? { name: text(name, 256, 'the document name') } : {}),
    ...(ns ? { documentNamespace: text(ns, 1024, 'documentNamespace') } : {}),
    describes,
  };
}

function cycloneDetails(o: Record<string, unknown>): SbomDetails {
  const spec = asString(o.specVersion);
  if (!spec) throw new Unreadable('a CycloneDX document without specVersion');
  const c = asObject(asObject(o.metadata)?.component);
  const name = asString(c?.name);
  const version = asString(c?.version);
  return {
    format: 'CycloneDX',
    specVersion: text(spec, 32, 'specVersion'),
    describes: name ? [{ name: text(name, 256, 'metadata.component.name'), ...(version ? { version: text(version, 128, 'metadata.component.version') } : {}) }] : [],
  };
}

function text(value: string, max: number, what: string): string {
  if (value.length === 0 || value.length > max) throw new Unreadable(`the SBOM's ${what} is longer than ${max} characters`);
  if (!NO_FORBIDDEN_CHARS.test(value)) throw new Unreadable(`the SBOM's ${what} holds a control or invisible character`);
  return value;
}
