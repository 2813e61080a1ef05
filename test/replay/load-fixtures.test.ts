import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixtureLoadError, loadFixtureFile, loadFixtureFolder, parseFixture } from '../../src/fixtures/load-fixtures';

const minimal = { title: 't', steps: [{ name: 's', request: { method: 'GET', path: '/Users' }, response: { status: 200 } }] };

function problemsOf(document: unknown): string[] {
  try {
    parseFixture(typeof document === 'string' ? document : JSON.stringify(document), 'x.json');
  } catch (err) {
    if (err instanceof FixtureLoadError) return err.problems;
    throw err;
  }
  return [];
}

describe('fixture loading fails loudly', () => {
  it('accepts a minimal fixture', () => {
    expect(problemsOf(minimal)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"title": "t", ', /^not JSON/],
    ['no steps', { title: 't' }, /must have required property 'steps'/],
    ['empty steps', { title: 't', steps: [] }, /\/steps: must NOT have fewer than 1 items/],
    ['an unknown member', { ...minimal, stpes: [] }, /additional properties \(stpes\)/],
    ['a bad method', { title: 't', steps: [{ name: 's', request: { method: 'FETCH', path: '/Users' }, response: { status: 200 } }] }, /\/steps\/0\/request\/method: must be equal to one of the allowed values/],
    ['a path without its slash', { title: 't', steps: [{ name: 's', request: { method: 'GET', path: 'Users' }, response: { status: 200 } }] }, /\/steps\/0\/request\/path: must match pattern/],
    ['body and rawBody together', { title: 't', steps: [{ name: 's', request: { method: 'POST', path: '/Users', body: {}, rawBody: '{' }, response: { status: 400 } }] }, /\/steps\/0\/request: must NOT be valid/],
    ['a JumpCloud call without a reply', { title: 't', steps: [{ name: 's', request: { method: 'GET', path: '/Users' }, response: { status: 200 }, jumpcloud: [{ method: 'GET', path: '/api/systemusers' }] }] }, /must have required property 'reply'/],
    ['an unknown placeholder', { title: 't', steps: [{ name: 's', request: { method: 'GET', path: '/Users' }, response: { status: 200, body: { id: '{{any:number}}' } } }] }, /\/steps\/0\/response\/body\/id: unknown placeholder \{\{any:number\}\}/],
  ])('refuses %s', (_name, document, pattern) => {
    expect(problemsOf(document).join('\n')).toMatch(pattern);
  });

  it('names the file and every problem in the error', () => {
    expect(() => parseFixture('{"steps": []}', '/tmp/broken.json')).toThrow(/Invalid fixture \/tmp\/broken\.json:\n {2}- /);
  });

  describe('files and folders', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads a folder sorted by name, and fails the whole folder on one broken file', () => {
      writeFileSync(join(dir, 'b.json'), JSON.stringify(minimal));
      writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...minimal, title: 'first' }));
      writeFileSync(join(dir, 'notes.txt'), 'ignored');
      expect(loadFixtureFolder(dir).map((f) => [f.name, f.fixture.title])).toEqual([
        ['a.json', 'first'],
        ['b.json', 't'],
      ]);
      writeFileSync(join(dir, 'c.json'), '');
      expect(() => loadFixtureFolder(dir)).toThrow(FixtureLoadError);
    });

    it('refuses an empty folder, a missing folder and a missing file: replaying nothing never passes', () => {
      mkdirSync(join(dir, 'empty'));
      expect(() => loadFixtureFolder(join(dir, 'empty'))).toThrow('no *.json fixture in the folder');
      expect(() => loadFixtureFolder(join(dir, 'nope'))).toThrow('cannot read the folder: ENOENT');
      expect(() => loadFixtureFile(join(dir, 'nope.json'))).toThrow('cannot read: ENOENT');
    });
  });
});
