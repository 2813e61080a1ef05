import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import eventQuery from '../../schemas/jumpcloud/event-query.schema.json';
import event from '../../schemas/jumpcloud/event.schema.json';
import graphConnection from '../../schemas/jumpcloud/graph-connection.schema.json';
import graphObjectWithPaths from '../../schemas/jumpcloud/graph-object-with-paths.schema.json';
import memberOperation from '../../schemas/jumpcloud/member-operation.schema.json';
import systemUserActivate from '../../schemas/jumpcloud/system-user-activate.schema.json';
import systemUserCreate from '../../schemas/jumpcloud/system-user-create.schema.json';
import systemUserList from '../../schemas/jumpcloud/system-user-list.schema.json';
import systemUserPut from '../../schemas/jumpcloud/system-user-put.schema.json';
import systemUserSearch from '../../schemas/jumpcloud/system-user-search.schema.json';
import systemUser from '../../schemas/jumpcloud/system-user.schema.json';
import userGroupBody from '../../schemas/jumpcloud/user-group-body.schema.json';
import userGroup from '../../schemas/jumpcloud/user-group.schema.json';
import { JumpCloudError } from './jumpcloud-error';

/** Every JumpCloud schema of the bridge, by role. Request bodies forbid unknown properties. */
export const jumpcloudSchemas = {
  systemUser,
  systemUserList,
  systemUserCreate,
  systemUserPut,
  systemUserSearch,
  systemUserActivate,
  userGroup,
  userGroupBody,
  memberOperation,
  graphConnection,
  graphObjectWithPaths,
  eventQuery,
  event,
} as const;

/** A schema's role name. */
export type JumpCloudSchemaName = keyof typeof jumpcloudSchemas;

/** The outbound bodies the client validates before sending. */
export type RequestBodySchemaName = 'systemUserCreate' | 'systemUserPut' | 'systemUserSearch' | 'systemUserActivate' | 'userGroupBody' | 'memberOperation' | 'eventQuery';

function compileAll(): Record<JumpCloudSchemaName, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // Register all first so cross-file $refs (system-user-list -> system-user) resolve by $id.
  for (const schema of Object.values(jumpcloudSchemas)) ajv.addSchema(schema);
  const out = {} as Record<JumpCloudSchemaName, ValidateFunction>;
  for (const [name, schema] of Object.entries(jumpcloudSchemas)) {
    const validate = ajv.getSchema(schema.$id);
    if (!validate) throw new Error(`JumpCloud schema ${name} did not compile`);
    out[name as JumpCloudSchemaName] = validate;
  }
  return out;
}

/** Compiled once, at module load: a broken schema file fails the process at boot, not mid-request. */
export const jumpcloudValidators: Readonly<Record<JumpCloudSchemaName, ValidateFunction>> = compileAll();

/**
 * Describes ajv errors by location and rule only: never the offending value, since a request
 * body may hold a password.
 */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .slice(0, 5)
    .map((error) => `${error.instancePath || '(body)'} ${error.message ?? error.keyword}`)
    .join('; ');
}

/**
 * Checks an outbound body against its schema. An invalid body is a bridge bug (mapping should
 * have refused it first), so it throws `JumpCloudError` kind `invalid-request` and nothing is sent.
 */
export function assertValidRequestBody(name: RequestBodySchemaName, body: unknown, call: { method: string; path: string }): void {
  const validate = jumpcloudValidators[name];
  if (validate(body)) return;
  throw new JumpCloudError({
    kind: 'invalid-request',
    message: `Refused to send an invalid ${name} body: ${describeSchemaErrors(validate.errors)}`,
    method: call.method,
    path: call.path,
    attempts: 0,
  });
}
