import { createHash } from 'node:crypto';
import type { EndpointChange, VersionDiff } from './types.js';
import type { EndpointDraft } from './openapi/extract-endpoints.js';

/** What a version remembers of each endpoint, enough to compare it with the next one. */
export interface SnapshotEndpoint extends EndpointChange {
  fields: string[];
  parametersHash: string;
  requestBodyHash: string;
}

export interface Snapshot {
  endpoints: SnapshotEndpoint[];
}

const digest = (v: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(v ?? null))
    .digest('hex')
    .slice(0, 16);

export function snapshotOf(endpoints: EndpointDraft[]): Snapshot {
  return {
    endpoints: endpoints.map((e) => ({
      operationId: e.operationId,
      method: e.method,
      pathTemplate: e.pathTemplate,
      fields: e.fields,
      parametersHash: digest(e.parameters),
      requestBodyHash: digest(e.requestBodySchema),
    })),
  };
}

/**
 * Endpoints added, removed and changed between two versions. An endpoint is identified by
 * method + path template (an operationId may be renamed without changing the call); it changed
 * when its response fields, parameters or request body differ.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot): VersionDiff {
  const key = (e: EndpointChange) => `${e.method} ${e.pathTemplate}`;
  const old = new Map(before.endpoints.map((e) => [key(e), e]));
  const now = new Map(after.endpoints.map((e) => [key(e), e]));
  const brief = (e: SnapshotEndpoint): EndpointChange => ({ operationId: e.operationId, method: e.method, pathTemplate: e.pathTemplate });
  const diff: VersionDiff = { endpointsAdded: [], endpointsRemoved: [], endpointsChanged: [] };
  for (const [k, e] of now) if (!old.has(k)) diff.endpointsAdded.push(brief(e));
  for (const [k, e] of old) if (!now.has(k)) diff.endpointsRemoved.push(brief(e));
  for (const [k, e] of now) {
    const o = old.get(k);
    if (!o) continue;
    const was = new Set(o.fields);
    const is = new Set(e.fields);
    const fieldsAdded = e.fields.filter((f) => !was.has(f));
    const fieldsRemoved = o.fields.filter((f) => !is.has(f));
    const parametersChanged = o.parametersHash !== e.parametersHash;
    const requestBodyChanged = o.requestBodyHash !== e.requestBodyHash;
    if (fieldsAdded.length || fieldsRemoved.length || parametersChanged || requestBodyChanged || o.operationId !== e.operationId) {
      diff.endpointsChanged.push({ ...brief(e), fieldsAdded, fieldsRemoved, parametersChanged, requestBodyChanged });
    }
  }
  return diff;
}
