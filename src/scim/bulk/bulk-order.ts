import { bulkIdReferences, pathBulkIdReferences } from './bulk-references';
import type { BulkOperation } from './bulk-request';

/** The execution plan of a BulkRequest. */
export interface BulkPlan {
  /** Operation indexes in execution order: each after the operations whose bulkIds it uses. */
  order: number[];
  /** Operations on a circular bulkId reference, with the cycle as bulkIds (first repeated last). */
  cycles: Map<number, string[]>;
}

/**
 * Orders Bulk operations so that every operation runs after the POSTs whose `bulkId` it refers
 * to, in its path or its data (RFC 7644 §3.7.2): a group listing `bulkId:u1` as a member runs
 * after user u1 is created, even when listed first. Otherwise the request order is kept: a
 * depth-first walk in request order that places each operation's dependencies just before it.
 *
 * Circular references (a -> b -> a, or a POST naming its own bulkId) cannot be ordered; RFC
 * 7644 §3.7.1 lets the service provider give up on them with 409, which the bridge does: each
 * operation on the cycle is reported in `cycles` (it is still placed in `order`, so that it is
 * answered, and operations depending on it come after it and fail as unresolvable).
 */
export function orderBulkOperations(operations: BulkOperation[]): BulkPlan {
  const definer = new Map<string, number>();
  for (const operation of operations) if (operation.method === 'POST' && operation.bulkId) definer.set(operation.bulkId, operation.index);
  const dependencies = operations.map((operation) =>
    [...pathBulkIdReferences(operation.path), ...bulkIdReferences(operation.data)]
      .map((bulkId) => definer.get(bulkId))
      .filter((index): index is number => index !== undefined),
  );

  const state = new Array<'new' | 'open' | 'done'>(operations.length).fill('new');
  const order: number[] = [];
  const cycles = new Map<number, string[]>();
  // Iterative depth-first walk: a request may carry thousands of chained operations.
  for (let root = 0; root < operations.length; root += 1) {
    if (state[root] !== 'new') continue;
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    state[root] = 'open';
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { node: number; next: number };
      const deps = dependencies[frame.node] ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next] as number;
        frame.next += 1;
        if (state[dep] === 'new') {
          state[dep] = 'open';
          stack.push({ node: dep, next: 0 });
        } else if (state[dep] === 'open') {
          markCycle(stack, dep, operations, cycles);
        }
        continue;
      }
      state[frame.node] = 'done';
      order.push(frame.node);
      stack.pop();
    }
  }
  return { order, cycles };
}

/** The open path from `start` to the top of the stack is a cycle; each member learns it. */
function markCycle(stack: { node: number }[], start: number, operations: BulkOperation[], cycles: Map<number, string[]>): void {
  const from = stack.findIndex((frame) => frame.node === start);
  const members = stack.slice(from).map((frame) => frame.node);
  const names = members.map((node) => operations[node]?.bulkId ?? `Operations[${node}]`);
  for (const node of members) if (!cycles.has(node)) cycles.set(node, [...names, names[0] as string]);
}
