import { TempNames, NAME_STEM } from '../../src/calibrate/temp-names';

describe('the names of a run\'s temporary objects', () => {
  it('share one random prefix per run: a letter first, lower-case letters and digits, no spaces or @', () => {
    const a = new TempNames();
    const b = new TempNames();
    expect(a.prefix).toMatch(new RegExp(`^${NAME_STEM}[a-z0-9]{6}$`));
    expect(a.prefix).not.toBe(b.prefix);
    expect(a.user()).toEqual({ username: `${a.prefix}u`, email: `${a.prefix}u@example.com` });
    expect(a.group('x.y')).toBe(`${a.prefix}-x.y`);
  });

  it('builds usernames of an exact length that carry the prefix, each with its own e-mail', () => {
    const names = new TempNames('jcsbcalabc123');
    expect(names.userOfLength(14)).toEqual({ username: 'jcsbcalabc123l', email: 'jcsbcalabc123.len14@example.com' });
    expect(names.userOfLength(128).username).toHaveLength(128);
    expect(() => names.userOfLength(13)).toThrow('cannot carry the prefix');
  });

  it('recognises its own objects (case-insensitively) and no one else\'s', () => {
    const names = new TempNames('jcsbcalabc123');
    expect(['jcsbcalabc123u', 'JCSBCALABC123-a', 'jcsbcalabc123.len40@example.com'].every((name) => names.owns(name))).toBe(true);
    expect([`${'x'}jcsbcalabc123`, 'jcsbcalabc12', 'ada', undefined, 42].some((name) => names.owns(name))).toBe(false);
  });

  it('refuses a prefix JumpCloud would not take as the start of a username', () => {
    expect(() => new TempNames('1abc')).toThrow('starting with a letter');
    expect(() => new TempNames('ab c')).toThrow();
  });
});
