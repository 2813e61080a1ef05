import { badRequest } from '../http/http-errors';

/** `membershipMethod` values the spec's GroupMembershipMethodType allows. */
export const MEMBERSHIP_METHODS = ['NOTSET', 'STATIC', 'DYNAMIC_REVIEW_REQUIRED', 'DYNAMIC_AUTOMATED'] as const;

/** The writable part of a v2 user group (UserGroupPost / UserGroupPut). */
export interface GroupFields {
  name: string;
  description: string;
  email: string;
  attributes: Record<string, unknown> | null;
  membershipMethod: (typeof MEMBERSHIP_METHODS)[number];
  memberQuery: Record<string, unknown> | null;
  memberQueryExemptions: unknown[];
  memberSuggestionsNotify: boolean;
}

/**
 * Validates a POST or PUT body and fills every field the body leaves out with the value a new
 * group has (PUT replaces the whole group, so an omitted field is reset, not kept).
 * `attributes` stays `null` when unset (recorded traffic shows `attributes:null`); an unset
 * `memberQuery` is kept as null here and left out of answers.
 * Read-only fields (`id`, `type`, `suggestionCounts`...) and unknown fields are ignored.
 */
export function readGroupBody(body: unknown): GroupFields {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Bad Request: the body must be a JSON object');
  }
  const input = body as Record<string, unknown>;
  if (typeof input.name !== 'string' || input.name.trim() === '') throw badRequest('Bad Request: name is required');
  const method = input.membershipMethod ?? 'STATIC';
  if (!(MEMBERSHIP_METHODS as readonly unknown[]).includes(method)) {
    throw badRequest(`Bad Request: membershipMethod must be one of ${MEMBERSHIP_METHODS.join(', ')}`);
  }
  return {
    name: input.name,
    description: optionalString(input, 'description'),
    email: optionalString(input, 'email'),
    attributes: optionalObject(input, 'attributes'),
    membershipMethod: method as GroupFields['membershipMethod'],
    memberQuery: optionalObject(input, 'memberQuery'),
    memberQueryExemptions: optionalArray(input, 'memberQueryExemptions'),
    memberSuggestionsNotify: optionalBoolean(input, 'memberSuggestionsNotify'),
  };
}

/** True for the methods whose membership JumpCloud computes from `memberQuery`. */
export function isDynamic(method: string): boolean {
  return method === 'DYNAMIC_AUTOMATED' || method === 'DYNAMIC_REVIEW_REQUIRED';
}

function optionalString(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw badRequest(`Bad Request: ${key} must be a string`);
  return value;
}

function optionalObject(input: Record<string, unknown>, key: string): Record<string, unknown> | null {
  const value = input[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Bad Request: ${key} must be an object`);
  return structuredClone(value as Record<string, unknown>);
}

function optionalArray(input: Record<string, unknown>, key: string): unknown[] {
  const value = input[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest(`Bad Request: ${key} must be an array`);
  return structuredClone(value);
}

function optionalBoolean(input: Record<string, unknown>, key: string): boolean {
  const value = input[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw badRequest(`Bad Request: ${key} must be a boolean`);
  return value;
}
