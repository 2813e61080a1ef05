import { isFilterValueSafe, JumpCloudError, v1Filter, v2Filter } from '../../src/jumpcloud';

describe('filter builders', () => {
  it.each([
    ['username', '$eq', 'ada', 'username:$eq:ada'],
    ['email', '$eq', 'ada.l+jc@example.com', 'email:$eq:ada.l+jc@example.com'],
    ['department', '$ne', 'R&D Team', 'department:$ne:R&D Team'],
    ['employeeIdentifier', '$gte', 'E-100', 'employeeIdentifier:$gte:E-100'],
  ] as const)('v1 %s %s %s', (field, op, value, expected) => {
    expect(v1Filter(field, op, value)).toBe(expected);
  });

  it('v2 uses operators without $', () => {
    expect(v2Filter('name', 'eq', 'Engineering')).toBe('name:eq:Engineering');
  });

  it.each([
    ['username', '$eq', 'ada:$ne:x'],
    ['username', '$eq', ''],
    ['username', '$eq', 'a\nb'],
    ['name', '$eq', 'a|b'],
    ['user name', '$eq', 'ada'],
    ['username', '$in', 'ada'],
    ['username', 'eq', 'ada'],
  ])('v1 refuses field %j op %j value %j (no injection)', (field, op, value) => {
    expect(() => v1Filter(field, op as never, value)).toThrow(JumpCloudError);
  });

  it('refusals do not echo the value (it may be personal data)', () => {
    try {
      v1Filter('email', '$eq', 'secret:person@example.com');
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as JumpCloudError).kind).toBe('invalid-request');
      expect((error as Error).message).not.toContain('person@example.com');
    }
  });

  it('isFilterValueSafe', () => {
    expect(isFilterValueSafe('Eng Platform')).toBe(true);
    expect(isFilterValueSafe('Eng: Platform')).toBe(false);
  });
});
