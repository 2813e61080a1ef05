/** One Dockerfile instruction: keyword (upper-cased), its flags (`--from=build`) and the rest. */
export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  args: string;
  line: number;
}

/** A build stage: its FROM image, its optional name, and its instructions after FROM. */
export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/**
 * A Dockerfile as stages of instructions: comments and blank lines dropped, `\` continuations
 * joined, `--flag=value` options split off (enough for the checks a test can make without Docker).
 */
export function parseDockerfile(text: string): Stage[] {
  const logical: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (!current && (/^\s*#/.test(line) || line.trim() === '')) return;
    if (current && /^\s*#/.test(line)) return;
    const continued = /\\\s*$/.test(line);
    const body = continued ? line.replace(/\\\s*$/, '') : line;
    if (current) current.text += ` ${body.trim()}`;
    else current = { text: body.trim(), line: index + 1 };
    if (!continued) {
      logical.push(current);
      current = undefined;
    }
  });
  if (current) logical.push(current);

  const stages: Stage[] = [];
  for (const { text: instructionText, line } of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(instructionText);
    if (!match) continue;
    const keyword = (match[1] as string).toUpperCase();
    let rest = match[2] as string;
    const flags: Record<string, string> = {};
    for (let flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest); flag; flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
      flags[flag[1] as string] = flag[2] as string;
      rest = rest.slice(flag[0].length);
    }
    if (keyword === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      stages.push({ image: image as string, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`line ${line}: ${keyword} before any FROM`);
    stage.instructions.push({ keyword, flags, args: rest, line });
  }
  return stages;
}

/** The words of an exec-form (`["a", "b"]`) argument list; undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trim().startsWith('[')) return undefined;
  return JSON.parse(args) as string[];
}
