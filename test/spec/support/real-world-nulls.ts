import type { SpecName } from './spec-location';

/**
 * One property JumpCloud answers with `null` although its spec (Swagger 2.0, which cannot say
 * null) does not mark it `x-nullable`. Applied when the spec is loaded; nothing else is loosened.
 */
export interface RealWorldNull {
  spec: SpecName;
  /** The `definitions` entry holding the property. */
  definition: string;
  property: string;
  /** Where the null was seen (NOTES.md is the distillation of JumpCloud's recorded traffic). */
  seen: string;
}

/** THE list of undeclared real-world nulls. Keep it short and sourced. */
export const REAL_WORLD_NULLS: readonly RealWorldNull[] = [
  {
    spec: 'v1',
    definition: 'systemuserreturn',
    property: 'employeeIdentifier',
    seen: 'NOTES.md "v1 system users": employeeIdentifier is null when unset (user GET/list/create/PUT/delete answers).',
  },
  {
    spec: 'v1',
    definition: 'systemuserSearchReturn',
    property: 'employeeIdentifier',
    seen: 'NOTES.md "v1 system users": the same user records come back from POST /search/systemusers.',
  },
  {
    spec: 'v2',
    definition: 'UserGroup',
    property: 'attributes',
    seen: 'NOTES.md "Validating against the spec files": attributes: null on groups (GET/POST/PUT /v2/usergroups).',
  },
  {
    spec: 'v2',
    definition: 'GraphConnection',
    property: 'attributes',
    seen: 'NOTES.md "v2 user groups": GET /usergroups/{id}/members answers [{attributes:null, to:{...}}]; also each step of membership paths.',
  },
  {
    spec: 'v2',
    definition: 'GraphObject',
    property: 'attributes',
    seen: 'NOTES.md "v2 user groups": the `to` of a member connection is {id, type:"user", attributes:null}; GraphObject is the spec type of `to`/`from`.',
  },
];
