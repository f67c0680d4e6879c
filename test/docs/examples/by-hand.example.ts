// docs/api.md, "Evaluating by hand": compiled, never run (req and doc stand for a request and a record).
declare const req: { method: string; headers: Record<string, string | undefined> };
declare const doc: { version: number; updatedAt: Date };

import { evaluatePreconditions, toEntityTag, toLastModified } from 'nestjs-conditional';

const outcome = evaluatePreconditions(
  { method: req.method, headers: req.headers },
  { etag: toEntityTag(`v${doc.version}`), lastModified: toLastModified(doc.updatedAt, Date.now()) },
); // 'proceed' | 'not-modified' | 'precondition-failed'

export { outcome };
