import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadSpec, type SchemaNode } from './swagger-loader';
import { SPEC_FILES, type SpecName } from './spec-location';

let shared: Ajv | undefined;

/**
 * One ajv holding the `definitions` of all three specs (each under its `specId`), non-strict so
 * Swagger's vendor keys (`x-ms-enum`, `x-go-name`, ...) and `example` are ignored, with formats
 * (date-time, email, int32, int64, byte) checked as the spec declares them.
 */
export function specAjv(): Ajv {
  if (shared) return shared;
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const name of Object.keys(SPEC_FILES) as SpecName[]) {
    const { id, doc } = loadSpec(name);
    ajv.addSchema({ $id: id, definitions: doc.definitions });
  }
  shared = ajv;
  return ajv;
}

/** Compiles a schema taken from a loaded spec (its refs are already absolute). */
export function compileSpecSchema(schema: SchemaNode): ValidateFunction {
  return specAjv().compile(schema);
}

/** The validator of one named definition, e.g. `definitionValidator('v1', 'systemuserreturn')`. */
export function definitionValidator(name: SpecName, definition: string): ValidateFunction {
  const { id, doc } = loadSpec(name);
  if (!doc.definitions[definition]) throw new Error(`${name} spec has no definition ${definition}`);
  return compileSpecSchema({ $ref: `${id}#/definitions/${definition}` });
}

/** Formats ajv errors one per line: where, what rule, and the offending value (test data only). */
export function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
}

/** Validates and returns the error list ([] when valid), so `expect(...).toEqual([])` prints every error on failure. */
export function validationErrors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : formatErrors(validate.errors);
}
