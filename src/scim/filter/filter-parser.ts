// Hand-written recursive descent: no maintained npm parser covers RFC 7644 value paths followed by a
// sub-attribute and comparison, Entra ID's unquoted values, and position-precise error details.
import { ScimError, type ScimType } from '../scim-error';
import type { AttributePath, CompareOperator, FilterNode, FilterValue } from './filter-ast';
import { ATTRIBUTE_NAME, parseAttributePathWord } from './attribute-path-syntax';
import { tokenize, TokenizeError, type Token } from './filter-tokenizer';

/** Default limits: generous for real clients, small enough that a hostile filter costs nothing. */
export const DEFAULT_FILTER_LIMITS = { maxLength: 4096, maxDepth: 32 } as const;

export interface FilterLimits {
  /** Longest accepted text, in characters (default 4096). */
  maxLength?: number;
  /** Deepest accepted nesting of parentheses, `not` and value filters `[...]` (default 32). */
  maxDepth?: number;
}

const COMPARE_OPERATORS: ReadonlySet<string> = new Set<CompareOperator>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, ge, lt, le, pr';
/** RFC 8259 number syntax; anything else unquoted is a string (Entra ID tolerance). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** What is being parsed: decides the error's scimType and how it names the text. */
interface Mode {
  scimType: ScimType;
  /** `Filter` or `Path`, the first word of every detail. */
  label: string;
  /** `the filter` or `the path`, as in "found the end of the filter". */
  noun: string;
}

export const FILTER_MODE: Mode = { scimType: 'invalidFilter', label: 'Filter', noun: 'the filter' };
export const PATH_MODE: Mode = { scimType: 'invalidPath', label: 'Path', noun: 'the path' };

/**
 * One parse of one text. Grammar (RFC 7644 §3.4.2.2 Figure 1, with precedence not > and > or):
 *   or    = and *("or" and)
 *   and   = unary *("and" unary)
 *   unary = "not" unary / "(" or ")" / attrExp / valuePath
 *   attrExp   = attrPath ["[" valFilter "]" ["." subAttr]] ("pr" / compareOp compValue)
 *   valuePath = attrPath "[" valFilter "]"
 * `not` without parentheses is accepted (RFC: `not (...)`) because its meaning is unambiguous.
 */
export class FilterParser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;
  private readonly maxDepth: number;

  constructor(
    private readonly text: string,
    private readonly mode: Mode,
    limits: FilterLimits = {},
  ) {
    const maxLength = limits.maxLength ?? DEFAULT_FILTER_LIMITS.maxLength;
    this.maxDepth = limits.maxDepth ?? DEFAULT_FILTER_LIMITS.maxDepth;
    if (text.length > maxLength) {
      throw this.plainError(`${mode.noun} is ${text.length} characters long; the limit is ${maxLength}.`);
    }
    try {
      this.tokens = tokenize(text);
    } catch (error) {
      if (error instanceof TokenizeError) throw this.errorAt(error.pos, `${error.message}.`);
      throw error;
    }
    if (this.peek().kind === 'end') throw this.plainError(`${mode.noun} is empty.`);
  }

  /** Parses a whole filter (RFC 7644 §3.4.2.2). */
  parseFilter(): FilterNode {
    const node = this.parseOr(null);
    const token = this.peek();
    if (token.kind !== 'end') {
      const expected = token.kind === 'rparen' ? `a "(" before this ")"` : `"and", "or" or the end of ${this.mode.noun}`;
      throw this.errorAt(token.pos, `expected ${expected}, found ${this.describe(token)}.`);
    }
    return node;
  }

  /** Parses a whole PATCH path (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]). */
  parsePath(): AttributePath {
    const token = this.next();
    if (token.kind !== 'word') {
      throw this.errorAt(token.pos, `expected an attribute path such as "name.givenName" or "emails[type eq \\"work\\"].value", found ${this.describe(token)}.`);
    }
    const path = this.parseFullPath(token, false);
    const after = this.peek();
    if (after.kind !== 'end') {
      throw this.errorAt(after.pos, `expected the end of the path after "${this.text.slice(token.pos, after.pos).trim()}", found ${this.describe(after)}.`);
    }
    return path;
  }

  private parseOr(closer: Token | null): FilterNode {
    let left = this.parseAnd(closer);
    while (this.peekKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(closer) };
    }
    return left;
  }

  private parseAnd(closer: Token | null): FilterNode {
    let left = this.parseUnary(closer);
    while (this.peekKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(closer) };
    }
    return left;
  }

  private parseUnary(closer: Token | null): FilterNode {
    const token = this.peek();
    if (this.peekKeyword('not')) {
      this.next();
      this.enter(token);
      const filter = this.parseUnary(closer);
      this.depth -= 1;
      return { kind: 'not', filter };
    }
    if (token.kind === 'lparen') {
      this.next();
      this.enter(token);
      const inner = this.parseOr(token);
      const close = this.next();
      if (close.kind !== 'rparen') {
        throw this.errorAt(close.pos, `expected "and", "or" or ")" to close the "(" at position ${token.pos + 1}, found ${this.describe(close)}.`);
      }
      this.depth -= 1;
      return inner;
    }
    if (token.kind === 'word') {
      this.next();
      return this.parseAttributeExpression(token, closer);
    }
    const after = this.previousText();
    throw this.errorAt(token.pos, `expected an attribute path, "not" or "("${after}, found ${this.describe(token)}.`);
  }

  /** attrExp or valuePath, starting at the attribute path word. */
  private parseAttributeExpression(pathToken: Token, closer: Token | null): FilterNode {
    const inValueFilter = closer?.kind === 'lbracket';
    const path = this.parseFullPath(pathToken, inValueFilter);
    const written = this.text.slice(pathToken.pos, this.peek().pos).trim();
    if (path.valueFilter && !path.subAttribute) {
      const next = this.peek();
      if (next.kind === 'word' && this.isOperator(next.text)) {
        throw this.errorAt(next.pos, `a value filter such as "${written}" is a filter on its own and cannot be followed by "${next.text}"; compare a sub-attribute instead, e.g. "${written}.value ${next.text} ...".`);
      }
      return { kind: 'valuePath', path, filter: path.valueFilter };
    }
    const operatorToken = this.next();
    const operator = operatorToken.kind === 'word' ? operatorToken.text.toLowerCase() : '';
    if (operator === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPERATORS.has(operator)) {
      throw this.errorAt(operatorToken.pos, `expected a comparison operator (${OPERATOR_LIST}) after "${written}", found ${this.describe(operatorToken)}.`);
    }
    const valueToken = this.next();
    const node: FilterNode = { kind: 'compare', path, operator: operator as CompareOperator, value: null };
    if (valueToken.kind === 'string') {
      node.value = valueToken.value ?? '';
    } else if (valueToken.kind === 'word') {
      node.value = literalOf(valueToken.text);
      node.unquoted = valueToken.text;
    } else {
      throw this.errorAt(valueToken.pos, `expected a value (a "quoted string", a number, true, false or null) after "${written} ${operatorToken.text}", found ${this.describe(valueToken)}.`);
    }
    return node;
  }

  /** attrPath ["[" valFilter "]" ["." subAttr]], starting at the attribute path word. */
  private parseFullPath(pathToken: Token, inValueFilter: boolean): AttributePath {
    const parsed = parseAttributePathWord(pathToken.text);
    if (typeof parsed === 'string') throw this.errorAt(pathToken.pos, parsed);
    const path: AttributePath = parsed;
    const open = this.peek();
    if (open.kind !== 'lbracket') return path;
    if (inValueFilter) throw this.errorAt(open.pos, 'value filters cannot be nested: "[" inside "[...]".');
    if (path.subAttribute) {
      throw this.errorAt(open.pos, `a value filter "[...]" applies to a multi-valued attribute, not to the sub-attribute "${pathToken.text}"; write "${path.attribute}[...].${path.subAttribute}".`);
    }
    this.next();
    this.enter(open);
    path.valueFilter = this.parseOr(open);
    const close = this.next();
    if (close.kind !== 'rbracket') {
      throw this.errorAt(close.pos, `expected "and", "or" or "]" to close the "[" at position ${open.pos + 1}, found ${this.describe(close)}.`);
    }
    this.depth -= 1;
    const sub = this.peek();
    if (sub.kind === 'word' && sub.text.startsWith('.')) {
      this.next();
      const name = sub.text.slice(1);
      if (!ATTRIBUTE_NAME.test(name)) {
        throw this.errorAt(sub.pos, `"${sub.text}" is not a valid sub-attribute after "]" (expected "." and a name such as ".value").`);
      }
      path.subAttribute = name;
    }
    return path;
  }

  private enter(token: Token): void {
    this.depth += 1;
    if (this.depth > this.maxDepth) {
      throw this.errorAt(token.pos, `nesting is deeper than the limit of ${this.maxDepth} levels (parentheses, "not" and value filters count).`);
    }
  }

  private isOperator(word: string): boolean {
    const lower = word.toLowerCase();
    return lower === 'pr' || COMPARE_OPERATORS.has(lower);
  }

  private peekKeyword(keyword: 'and' | 'or' | 'not'): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private peek(): Token {
    // tokenize() always ends with an `end` token, and next() never moves past it.
    return this.tokens[this.index] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /** ` after "xyz"` naming the token before the current one, to anchor the detail. */
  private previousText(): string {
    const previous = this.tokens[this.index - 1];
    return previous ? ` after "${previous.text}"` : ' at the start';
  }

  private describe(token: Token): string {
    if (token.kind === 'end') return `the end of ${this.mode.noun}`;
    // A string token already carries its quotes.
    return token.kind === 'string' ? `the string ${token.text}` : `"${token.text}"`;
  }

  private errorAt(pos: number, message: string): ScimError {
    return ScimError.of(this.mode.scimType, `${this.mode.label} error at position ${pos + 1}: ${message}`);
  }

  private plainError(message: string): ScimError {
    return ScimError.of(this.mode.scimType, `${this.mode.label} error: ${message}`);
  }
}

/** An unquoted value token: JSON literal or number, else the string Entra ID meant. */
function literalOf(text: string): FilterValue {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (JSON_NUMBER.test(text)) return Number(text);
  return text;
}
