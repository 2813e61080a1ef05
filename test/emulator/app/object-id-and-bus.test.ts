import type { Mutation } from '../../../emulator/context';
import { InMemoryMutationBus } from '../../../emulator/mutation-bus';
import { createObjectIdGenerator, isObjectId, objectIdSeconds } from '../../../emulator/object-id';

describe('ObjectIds', () => {
  it('encode the creation second and grow strictly, even within a second and when the clock goes back', () => {
    let time = Date.parse('2024-01-01T00:00:00.500Z');
    const next = createObjectIdGenerator(() => new Date(time), { machine: '0123456789' });
    const a = next();
    const b = next();
    time -= 10_000;
    const c = next();
    time += 60_000;
    const d = next();
    expect([a, b, c, d].every(isObjectId)).toBe(true);
    expect(objectIdSeconds(a)).toBe(Date.parse('2024-01-01T00:00:00Z') / 1000);
    expect(a < b && b < c && c < d).toBe(true);
    expect(a.slice(8, 18)).toBe('0123456789');
  });

  it('borrow the next second rather than wrap the counter', () => {
    const next = createObjectIdGenerator(() => new Date(0), { machine: 'aaaaaaaaaa', firstCounter: 0xfffffe });
    const ids = [next(), next(), next()];
    expect(ids).toEqual(['00000000aaaaaaaaaafffffe', '00000000aaaaaaaaaaffffff', '00000001aaaaaaaaaa000000']);
  });

  it('recognises only 24 lower-case hex digits', () => {
    expect(['0123456789abcdef01234567', 'x', '0123456789ABCDEF01234567', 42].map(isObjectId)).toEqual([true, false, false, false]);
    expect(() => createObjectIdGenerator(() => new Date(), { machine: 'short' })).toThrow();
  });
});

describe('InMemoryMutationBus', () => {
  const mutation: Mutation = {
    eventType: 'user_create',
    resource: { type: 'user', id: '0123456789abcdef01234567' },
    actor: { authMethod: 'api-key', initiatedBy: { type: 'admin', id: 'a', email: 'a@example.com' } },
  };

  it('delivers synchronously to every listener in order, and unsubscribes', () => {
    const bus = new InMemoryMutationBus();
    const seen: string[] = [];
    const stopA = bus.subscribe(() => seen.push('a'));
    bus.subscribe(() => seen.push('b'));
    bus.publish(mutation);
    expect(seen).toEqual(['a', 'b']);
    stopA();
    bus.publish(mutation);
    expect(seen).toEqual(['a', 'b', 'b']);
  });

  it('does not skip a listener when another unsubscribes during delivery', () => {
    const bus = new InMemoryMutationBus();
    const seen: string[] = [];
    const stop = bus.subscribe(() => {
      seen.push('first');
      stop();
    });
    bus.subscribe(() => seen.push('second'));
    bus.publish(mutation);
    expect(seen).toEqual(['first', 'second']);
  });
});
