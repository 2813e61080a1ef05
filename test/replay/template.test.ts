import { fillTemplate, matchHeaders, matchValue, TemplateError, type Captures } from '../../src/fixtures/template';
import cases from './template.cases.json';

interface Case {
  name: string;
  given?: Record<string, unknown>;
  expected: unknown;
  actual: unknown;
  problems: string[];
  captures?: Record<string, unknown>;
}

describe('matchValue', () => {
  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const captures: Captures = new Map(Object.entries(c.given ?? {}));
    const problems: string[] = [];
    matchValue(c.expected, c.actual, 'body', captures, problems);
    expect(problems).toEqual(c.problems);
    for (const [name, value] of Object.entries(c.captures ?? {})) expect(captures.get(name)).toEqual(value);
  });

  it('refuses a placeholder that is not one of the documented few', () => {
    expect(() => matchValue('{{any:number}}', 1, 'body', new Map(), [])).toThrow(TemplateError);
    expect(() => matchValue('{{missing}}', 'x', 'body', new Map(), [])).toThrow('{{missing}} is used before anything captured it');
  });
});

describe('matchHeaders', () => {
  it('compares names case-insensitively and knows {{absent}}', () => {
    const problems: string[] = [];
    matchHeaders({ 'Content-Type': 'application/scim+json{{any:string}}', 'X-Powered-By': '{{absent}}', Location: 'x' }, { 'content-type': 'application/scim+json; charset=utf-8', 'x-powered-by': 'Express' }, new Map(), problems);
    expect(problems).toEqual(['header x-powered-by: expected none, got "Express"', 'header location: missing (expected "x")']);
  });
});

describe('fillTemplate', () => {
  const captures: Captures = new Map<string, unknown>([
    ['userId', 'abc'],
    ['count', 2],
  ]);

  it('replaces references, keeping a whole-string reference raw', () => {
    expect(fillTemplate({ path: '/Users/{{userId}}', value: '{{count}}', list: ['{{userId}}'] }, captures)).toEqual({ path: '/Users/abc', value: 2, list: ['abc'] });
  });

  it('refuses matchers in what is sent', () => {
    expect(() => fillTemplate({ id: '{{capture:x}}' }, captures)).toThrow(TemplateError);
    expect(() => fillTemplate('/Users/{{any:string}}', captures)).toThrow(TemplateError);
  });
});
