/**
 * The JavaScript inlined into report.html, read from node_modules: vega, vega-lite, vega-embed and
 * vega-interpreter. With the interpreter, vega evaluates its expressions without `new Function`, so the
 * report's Content-Security-Policy can forbid eval as well as every network request.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from '../../core/errors.ts';

/** The packages' `exports` hide their build folders from require/import, so look the files up on disk. */
function packageFile(pkg: string, file: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new LabError(
        `node_modules/${pkg}/${file}: expected the ${pkg} browser build, got no such file; run \`npm ci\``,
      );
    }
    dir = parent;
  }
}

/** Makes a script safe to inline: `</script` inside it would end the element early. */
function inlineSafe(source: string, file: string): string {
  if (source.includes('<!--')) {
    throw new LabError(`${file}: expected no "<!--" in a script to inline, got one; this version cannot be inlined`);
  }
  return source.replace(/<\/script/gi, '<\\/script');
}

/**
 * vega-interpreter ships only as an ES module importing vega-util; vega's browser build exports the same
 * functions, so rewrite the import to read the `vega` global and publish the result as `vegaInterpreter`.
 */
function interpreterAsScript(source: string, file: string): string {
  const importLine = /^import \{([^}]+)\} from 'vega-util';$/m;
  const exportLine = /^export \{ expression as expressionInterpreter \};$/m;
  if (!importLine.test(source) || !exportLine.test(source)) {
    throw new LabError(
      `${file}: expected one vega-util import and the expressionInterpreter export, got another layout; ` +
        'update vendor-scripts.ts',
    );
  }
  const body = source
    .replace(importLine, (_all, names: string) => `const {${names}} = globalThis.vega;`)
    .replace(exportLine, 'globalThis.vegaInterpreter = { expressionInterpreter: expression };');
  return `(function () {\n${body}\n})();`;
}

/** The scripts in load order (each needs the ones before it). */
export async function vendorScripts(): Promise<string[]> {
  const files = [
    ['vega', 'build/vega.min.js'],
    ['vega-lite', 'build/vega-lite.min.js'],
    ['vega-embed', 'build/vega-embed.min.js'],
    ['vega-interpreter', 'build/vega-interpreter.js'],
  ] as const;
  return Promise.all(
    files.map(async ([pkg, file]) => {
      const path = packageFile(pkg, file);
      const source = await readFile(path, 'utf8');
      return inlineSafe(pkg === 'vega-interpreter' ? interpreterAsScript(source, path) : source, path);
    }),
  );
}
