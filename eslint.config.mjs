// Lint, including the architecture's one dependency rule (../shared/docs/architecture.md):
// each layer may import only the layers it is allowed to know. Enforced here, not by memory.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import-specifier patterns (regex) for each layer a file may be forbidden to reach. */
const layer = {
  http: '(^|/)http(/|$)',
  provider: '(^|/)provider(/|$)',
  scim: '(^|/)scim(/|$)',
  mapping: '(^|/)mapping(/|$)',
  jumpcloud: '(^|/)jumpcloud(/|$)',
  lifecycle: '(^|/)lifecycle(/|$)',
  changefeed: '(^|/)changefeed(/|$)',
  state: '(^|/)state(/|$)',
  cli: '(^|/)cli(/|$)',
  src: '(^|/)src(/|$)',
  emulator: '(^|/)emulator(/|$)',
  fixtures: '(^|/)fixtures(/|$)',
  express: '^express$',
  composition: '(^|/)composition(/|$)',
  // Everything of the emulator but its switch table, the contract calibrate measures against.
  emulatorInternals: '(^|/)emulator/(?!option-switches$)',
};

/** Builds a no-restricted-imports rule forbidding the named layers. */
function forbid(names, why) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: names.map((name) => ({
          regex: layer[name],
          message: `${why} (architecture: ${name} is off limits here).`,
        })),
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // The CLI, benchmarks, scripts and tests talk to a terminal.
  { files: ['src/cli/**', 'bench/**', 'scripts/**', 'test/**'], rules: { 'no-console': 'off' } },
  {
    files: ['src/scim/**'],
    rules: forbid(['jumpcloud', 'express', 'mapping', 'provider', 'http', 'lifecycle', 'changefeed', 'state', 'emulator', 'fixtures'], 'scim/ is pure RFC 7643/7644 code'),
  },
  {
    files: ['src/mapping/**'],
    rules: forbid(['express', 'http', 'provider', 'state', 'changefeed', 'emulator', 'fixtures'], 'mapping/ is pure translation between the two vocabularies'),
  },
  {
    files: ['src/jumpcloud/**'],
    rules: forbid(['scim', 'express', 'mapping', 'provider', 'http', 'lifecycle', 'changefeed', 'state', 'emulator'], 'jumpcloud/ knows JumpCloud only'),
  },
  {
    files: ['src/provider/**'],
    rules: forbid(['express', 'http', 'emulator', 'fixtures'], 'provider/ holds use cases, not HTTP'),
  },
  {
    files: ['src/http/**'],
    rules: forbid(['jumpcloud', 'emulator'], 'http/ stays thin and never reaches JumpCloud internals'),
  },
  {
    files: ['src/lifecycle/**'],
    rules: forbid(['express', 'http', 'provider', 'emulator'], 'lifecycle/ classifies and journals, with no HTTP'),
  },
  {
    files: ['src/changefeed/**'],
    rules: forbid(['express', 'scim', 'http', 'provider', 'emulator'], 'changefeed/ reads JumpCloud changes back'),
  },
  {
    files: ['src/state/**'],
    rules: forbid(['express', 'http', 'provider', 'scim', 'mapping', 'jumpcloud', 'lifecycle', 'changefeed', 'emulator'], 'state/ is the store interface everything else stands on'),
  },
  {
    files: ['src/config/**', 'src/logging/**'],
    rules: forbid(['express', 'http', 'provider', 'scim', 'mapping', 'jumpcloud', 'lifecycle', 'changefeed', 'emulator'], 'config/ and logging/ are foundations'),
  },
  {
    // Recording and replaying client traffic is a tool around the bridge, never part of a use case.
    files: ['src/fixtures/**'],
    rules: forbid(['provider', 'emulator'], 'fixtures/ drives the bridge from outside'),
  },
  {
    // calibrate measures JumpCloud from outside the bridge: the raw wire API and the emulator's switch table only.
    files: ['src/calibrate/**'],
    rules: forbid(
      ['express', 'http', 'provider', 'scim', 'mapping', 'lifecycle', 'changefeed', 'state', 'fixtures', 'cli', 'composition', 'emulatorInternals'],
      'calibrate/ talks to JumpCloud directly and knows the emulator only by its switch table',
    ),
  },
  {
    // The operator console's front end runs in the browser, built apart from the bridge (console/tsconfig.json):
    // it talks to the bridge over HTTP only, and renders every value as text (dom.ts), never as markup.
    files: ['console/**'],
    rules: {
      ...forbid(['src', 'emulator', 'express'], 'console/ is the browser front end and knows the bridge only by its HTTP API'),
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln'].map((property) => ({ property, message: 'console/ renders text only (textContent, setAttribute): see console/src/dom.ts.' })),
      ],
    },
  },
  {
    files: ['emulator/**'],
    rules: forbid(['src'], 'the emulator reproduces JumpCloud and never borrows from the bridge'),
  },
);
