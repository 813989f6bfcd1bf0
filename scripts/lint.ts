/**
 * Project lint: the rules a type checker cannot see (docs/ARCHITECTURE.md, "House rules"). Exits non-zero listing every
 * breach.
 * - src/ is deterministic: no Math.random, Date.now() or `new Date()` without an argument.
 * - only src/cli/ prints or exits: no console.*, process.exit, process.stdout/stderr elsewhere in src/ or policies/.
 * - size: files of src/, policies/, bench/ and scripts/ stay within 300 lines of at most 120 characters.
 * - layering: a stage of src/ imports only earlier stages (docs/ARCHITECTURE.md, "Data flow").
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { layerViolations } from './layers.ts';

const root = new URL('..', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const rules: { pattern: RegExp; message: string; applies: (rel: string) => boolean }[] = [
  {
    pattern: /Math\.random\s*\(/,
    message: 'Math.random in src/: pass the seeded rng instead',
    applies: (r) => r.startsWith('src/') || r.startsWith('policies/'),
  },
  {
    pattern: /Date\.now\s*\(|new Date\(\s*\)/,
    message: 'wall clock in src/: results must not depend on when they ran',
    applies: (r) => (r.startsWith('src/') && !r.startsWith('src/cli/')) || r.startsWith('policies/'),
  },
  {
    pattern: /\bconsole\.(log|error|warn|info|debug)\b|process\.exit\b|process\.std(out|err)\b/,
    message: 'only src/cli/ prints or exits',
    applies: (r) => (r.startsWith('src/') && !r.startsWith('src/cli/')) || r.startsWith('policies/'),
  },
];

/**
 * Each line with template-literal text and `//` comments blanked out: code shipped as a string (the report's
 * browser script calls console.error in the browser) is not Node code and is not held to these rules.
 */
function outsideTemplates(lines: readonly string[]): string[] {
  let inTemplate = false;
  return lines.map((line) => {
    let out = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === '`') {
        inTemplate = !inTemplate;
        continue;
      }
      if (!inTemplate && ch === '/' && line[i + 1] === '/') break;
      if (!inTemplate) out += ch;
    }
    return out;
  });
}

const problems: string[] = [];
for (const file of [...files(join(root, 'src')), ...files(join(root, 'policies'))]) {
  const rel = relative(root, file);
  const lines = readFileSync(file, 'utf8').split('\n');
  const code = outsideTemplates(lines);
  lines.forEach((_line, i) => {
    const outside = code[i]!;
    for (const rule of rules)
      if (rule.applies(rel) && rule.pattern.test(outside)) problems.push(`${rel}:${i + 1}: ${rule.message}`);
  });
  problems.push(...layerViolations(rel, lines));
}
// Size: one concept per file, read without scrolling sideways (counted in characters, not bytes).
const MAX_LINES = 300;
const MAX_COLUMNS = 120;
for (const dir of ['src', 'policies', 'bench', 'scripts']) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const count = lines.at(-1) === '' ? lines.length - 1 : lines.length;
    if (count > MAX_LINES) problems.push(`${rel}: ${count} lines; split it (at most ${MAX_LINES})`);
    lines.forEach((line, i) => {
      if ([...line].length > MAX_COLUMNS) problems.push(`${rel}:${i + 1}: longer than ${MAX_COLUMNS} characters`);
    });
  }
}
if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stderr.write(`lint: ${problems.length} problem(s)\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('lint: ok\n');
}
