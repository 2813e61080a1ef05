/**
 * Case tables are checked with ajv when loaded: a malformed row (a typo in `expected`, a missing
 * `error`) must fail loudly instead of becoming a test that cannot fail.
 */
import Ajv from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: true });

/** Returns the table after validating it against `schema`, or throws naming every bad row. */
export function checkedCases<T>(table: unknown, schema: object, file: string): T {
  const validate = ajv.compile(schema);
  if (!validate(table)) {
    throw new Error(`${file} does not match its case schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  }
  return table as T;
}

/** A row that expects a result: `name`, `expected`, optional `options`. */
export function validRow(input: string, extra: Record<string, object> = {}): object {
  return {
    type: 'object',
    required: ['name', input, 'expected'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1 }, [input]: { type: 'string' }, expected: {}, ...extra },
  };
}

/** A row that expects an error whose detail contains `error`. */
export function errorRow(input: string, extra: Record<string, object> = {}): object {
  return {
    type: 'object',
    required: ['name', input, 'error'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1 }, [input]: { type: 'string' }, error: { type: 'string', minLength: 1 }, ...extra },
  };
}
