import { emailLocalParts } from '../../src/fixtures/recorder/email-local-parts';
import { MAX_PSEUDONYMS, Redactor } from '../../src/fixtures/recorder/redactor';
import { seededRandom } from '../support/seeded-random';

/** The pattern the scanner replaces (quadratic on hostile input), kept here as the reference of what it must find. */
const REFERENCE = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const referenceLocals = (text: string): string[] => [...text.matchAll(REFERENCE)].map((m) => m[0].slice(0, m[0].lastIndexOf('@')));


const millisecondsOf = (work: () => void): number => {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

describe('the recorder finds e-mail local parts in linear time', () => {
  it.each([
    ['plain addresses', 'mail jane.doe@example.com and J.Smith+tag@sub.example.co.uk.', ['jane.doe', 'J.Smith+tag']],
    ['a tld followed by digits', "o'neil@example.com1", ["o'neil"]],
    ['a domain whose last label cannot end it', 'a@b.co-x.y', ['a']],
    ['two addresses sharing a dot', 'a@b.com.x@y.org', ['a', '.x']],
    ['no tld', 'a@localhost b@c.d', []],
  ])('%s', (_name, text, locals) => {
    expect(emailLocalParts(text)).toEqual(locals);
    expect(referenceLocals(text)).toEqual(locals);
  });

  it('agrees with the reference pattern on 20,000 seeded random strings', () => {
    const random = seededRandom(12);
    const alphabet = "aZ9.-_'%+@ .@co";
    for (let round = 0; round < 20_000; round += 1) {
      const length = Math.floor(random() * 24);
      let text = '';
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
      expect([text, emailLocalParts(text)]).toEqual([text, referenceLocals(text)]);
    }
  });

  it.each([
    ['local-part characters and no @', 'a'.repeat(100_000)],
    ['one @ after a long local run, no tld', `${'a.'.repeat(50_000)}@x`],
    ['many @ with dots between', 'a.@'.repeat(33_000)],
    ['a long domain with no tld', `a@${'b1.'.repeat(33_000)}`],
  ])('a 100 KB hostile string (%s) takes well under 100 ms', (_name, hostile) => {
    expect(millisecondsOf(() => emailLocalParts(hostile))).toBeLessThan(100);
    expect(millisecondsOf(() => new Redactor([]).learn(hostile))).toBeLessThan(100);
  });
});

describe('the redactor remembers a bounded number of local parts', () => {
  it(`keeps at most maxPseudonyms (default ${MAX_PSEUDONYMS}), dropping the least recently seen`, () => {
    const redactor = new Redactor([], { maxPseudonyms: 3 });
    redactor.learn('ann@example.com bob@example.com cat@example.com');
    redactor.learn('ann@example.com'); // ann is now the most recent; bob the oldest
    redactor.learn('dan@example.com');
    expect(redactor.rememberedCount).toBe(3);
    expect(redactor.redactString('ann bob cat dan')).toBe('person1 bob person3 person4');
  });

  it('never hands out a pseudonym twice, even after evictions', () => {
    const redactor = new Redactor([], { maxPseudonyms: 2 });
    redactor.learn('ann@example.com bob@example.com cat@example.com ann@example.com');
    expect(redactor.redactString('cat ann')).toBe('person3 person4');
  });

  it('stays bounded under a flood of distinct addresses', () => {
    const redactor = new Redactor([]);
    redactor.learn(Array.from({ length: MAX_PSEUDONYMS + 500 }, (_, i) => `user${i}@example.com`).join(' '));
    expect(redactor.rememberedCount).toBe(MAX_PSEUDONYMS);
  });
});
