import { badRequest } from '../http/http-errors';

/** Statuses a fault may answer: the ones JumpCloud (or its load balancer) is seen to send. */
export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;

/**
 * One fault: what to do to which requests. `phase: 'after'` lets the route run (and change state)
 * and then replaces its answer, reproducing "the create landed but the client saw a failure".
 */
export interface FaultRule {
  status?: (typeof FAULT_STATUSES)[number];
  /** Seconds, sent as `Retry-After` (only when given). */
  retryAfter?: number;
  latencyMs?: number;
  /** Destroy the socket: no response at all. */
  drop?: true;
  phase?: 'before' | 'after';
  /** Probability (0..1) that a matching request is faulted; default 1. */
  rate?: number;
  /** Applies to the next `count` faulted requests, then expires; default: until cleared. */
  count?: number;
  /** HTTP method, case-insensitive; default any. */
  method?: string;
  /** Path prefix, or a regular expression when written `/…/`; default any. */
  path?: string;
}

const KEYS = ['status', 'retryAfter', 'latencyMs', 'drop', 'phase', 'rate', 'count', 'method', 'path'];
/** A latency above this is a mistake in the test, not a fault worth waiting for. */
export const MAX_LATENCY_MS = 120_000;

/** Validates one rule; throws 400 saying what is wrong. */
export function readFaultRule(raw: unknown): FaultRule {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('a fault rule must be an object');
  const input = raw as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) throw badRequest(`unknown fault rule field(s): ${unknown.join(', ')}`);
  const rule: FaultRule = {};
  if (input.status !== undefined) {
    if (!(FAULT_STATUSES as readonly unknown[]).includes(input.status)) {
      throw badRequest(`status must be one of ${FAULT_STATUSES.join(', ')}`);
    }
    rule.status = input.status as FaultRule['status'];
  }
  if (input.retryAfter !== undefined) {
    if (rule.status === undefined) throw badRequest('retryAfter needs a status');
    rule.retryAfter = integer(input.retryAfter, 'retryAfter', 0);
  }
  if (input.latencyMs !== undefined) {
    rule.latencyMs = integer(input.latencyMs, 'latencyMs', 0);
    if (rule.latencyMs > MAX_LATENCY_MS) throw badRequest(`latencyMs must be at most ${MAX_LATENCY_MS}`);
  }
  if (input.drop !== undefined) {
    if (input.drop !== true) throw badRequest('drop must be true when given');
    if (rule.status !== undefined) throw badRequest('a rule either drops the connection or answers a status, not both');
    rule.drop = true;
  }
  if (input.phase !== undefined) {
    if (input.phase !== 'before' && input.phase !== 'after') throw badRequest('phase must be before or after');
    if (input.phase === 'after' && rule.status === undefined && !rule.drop) {
      throw badRequest('phase after needs a status or drop to replace the answer with');
    }
    rule.phase = input.phase;
  }
  if (rule.status === undefined && !rule.drop && rule.latencyMs === undefined) {
    throw badRequest('a fault rule needs status, drop or latencyMs');
  }
  if (input.rate !== undefined) {
    if (typeof input.rate !== 'number' || !(input.rate >= 0 && input.rate <= 1)) throw badRequest('rate must be a number from 0 to 1');
    rule.rate = input.rate;
  }
  if (input.count !== undefined) rule.count = integer(input.count, 'count', 1);
  if (input.method !== undefined) {
    if (typeof input.method !== 'string' || !/^[A-Za-z]+$/.test(input.method)) throw badRequest('method must be an HTTP method');
    rule.method = input.method.toUpperCase();
  }
  if (input.path !== undefined) {
    if (typeof input.path !== 'string' || input.path === '') throw badRequest('path must be a non-empty string');
    if (isRegexPath(input.path)) {
      try {
        new RegExp(input.path.slice(1, -1));
      } catch {
        throw badRequest('path is not a valid regular expression');
      }
    }
    rule.path = input.path;
  }
  return rule;
}

/** True for a `path` written as a regular expression (`/…/`). */
export function isRegexPath(path: string): boolean {
  return path.length >= 2 && path.startsWith('/') && path.endsWith('/');
}

function integer(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw badRequest(`${name} must be an integer >= ${min}`);
  }
  return value;
}
