import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** Why the tenants file's text is not a document; says where, never quotes the text (it may hold a pasted secret). */
export class TenantsFileSyntaxError extends Error {
  override readonly name = 'TenantsFileSyntaxError';
}

/** What the `yaml` package's errors carry (its message quotes the text, so only these are used). */
interface YamlParseError extends Error {
  code?: string;
  linePos?: [{ line: number; col: number }];
}

/** 1-based line and column of a character offset in `text`. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Parses the tenants file's text: YAML when the path ends in .yaml or .yml, JSON otherwise.
 * Throws TenantsFileSyntaxError naming the line and column, without the parser's own message
 * (JSON.parse and the YAML parser both quote the text around the fault).
 */
export function parseTenantsText(path: string, text: string): unknown {
  const extension = extname(path).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') {
    try {
      return parseYaml(text, { uniqueKeys: true });
    } catch (err) {
      const { code, linePos } = err as YamlParseError;
      const where = linePos ? ` at line ${linePos[0].line}, column ${linePos[0].col}` : '';
      throw new TenantsFileSyntaxError(`is not valid YAML (${code ?? 'syntax error'}${where})`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const position = /at position (\d+)/.exec((err as Error).message);
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : text.trim() === '' ? ': the file is empty' : '';
    throw new TenantsFileSyntaxError(`is not valid JSON${where}`);
  }
}
