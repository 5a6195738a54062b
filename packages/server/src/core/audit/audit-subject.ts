/**
 * Audit subjects as the contract names them: a resource path without `/v1/`
 * (`templates/shop`, `templates/shop/versions/1.0`, `tokens/<id>`,
 * `operations/<id>`, `registry`, `registry/sources/<host>`). HTTP callers and
 * in-process embedders use the same names; this turns one into the store's
 * filter. A path names its resource and everything under it.
 */
import { InvalidInputError } from '../shared/errors.js';
import type { AuditSubjectFilter } from '../store/port.js';

const FORMS =
  '`templates/<template>`, `templates/<template>/versions/<version>`, `tokens/<id>`, `operations/<id>`, `registry`, `registry/sources/<host>`, `clusters/<cluster>`, `environments/<environment>` or `environments/<environment>/installs/<install>`';

function invalid(subject: string, why: string): InvalidInputError {
  return new InvalidInputError(`the audit subject "${subject}" ${why}; use ${FORMS}`, [{ pointer: '/query/subject', message: `must be one of ${FORMS}`, code: 'audit-subject' }]);
}

export function auditSubjectFilter(subject: string): AuditSubjectFilter {
  let parts: string[];
  try {
    parts = subject.split('/').map((p) => decodeURIComponent(p));
  } catch {
    throw invalid(subject, 'is not a valid path');
  }
  if (parts.some((p) => p === '')) throw invalid(subject, 'has an empty segment');
  const [collection, name, sub, subName, ...rest] = parts;
  if (rest.length === 0) {
    if (collection === 'templates' && name !== undefined) {
      if (sub === undefined) return { template: name };
      if (sub === 'versions' && subName !== undefined) return { template: name, version: subName };
    }
    if ((collection === 'tokens' || collection === 'operations') && name !== undefined && sub === undefined) {
      return { kinds: [collection === 'tokens' ? 'token' : 'operation'], name };
    }
    if (collection === 'clusters' && name !== undefined && sub === undefined) return { kinds: ['cluster'], name };
    if (collection === 'environments' && name !== undefined) {
      if (sub === undefined) return { kinds: ['environment'], name };
      if (sub === 'installs' && subName !== undefined) return { kinds: ['install'], name: `${name}/${subName}` };
    }
    if (collection === 'registry') {
      if (name === undefined) return { kinds: ['registry', 'source-registry'] };
      if (name === 'sources' && subName === undefined) return sub === undefined ? { kinds: ['source-registry'] } : { kinds: ['source-registry'], name: sub };
    }
  }
  throw invalid(subject, 'names no resource that has an audit trail');
}
