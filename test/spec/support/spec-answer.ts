import { compileSpecSchema, validationErrors } from './spec-ajv';
import { findOperation, type SpecOperation } from './spec-operations';
import type { SchemaNode } from './swagger-loader';

/** One HTTP answer, as the suites see it. */
export interface Answer {
  method: string;
  /** Path with query string, as sent. */
  url: string;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text ('' when empty). */
  body: unknown;
}

/**
 * Holds an answer against its spec operation: the status must be one of the operation's
 * documented 2xx (unless `allowedStatus` says otherwise, with the reason at the call site), and the
 * body must validate against that status's response schema. Answers the list of problems.
 */
export function specProblems(answer: Answer, allowedStatus?: number): { operation: SpecOperation; problems: string[] } {
  const operation = findOperation(answer.method, answer.url);
  const problems: string[] = [];
  const where = `${answer.method} ${answer.url} -> ${answer.status} (${operation.operationId})`;
  if (!operation.success.has(answer.status) && answer.status !== allowedStatus) {
    problems.push(`${where}: status not among the spec's ${[...operation.success.keys()].join(', ')}`);
  }
  const schema = operation.success.get(answer.status);
  if (schema) problems.push(...validationErrors(compileSpecSchema(schema as SchemaNode), answer.body).map((error) => `${where}: ${error}`));
  else if (answer.status === 204 && answer.body !== '') problems.push(`${where}: a 204 with a body`);
  return { operation, problems };
}
