/**
 * Loads routelab's library API (src/index.ts) into a tslab notebook: `const lab = await require('./routelab.cjs').load()`.
 *
 * Why a file and not a cell: tslab compiles each cell to CommonJS and runs it as a `vm` script, where
 * `import()` has no module loader (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING) and `.ts` / ESM sources cannot
 * be required. A required file is a real module, so its `import()` works; tsx's ESM hooks (registered once,
 * as bin/routelab.js does) then compile src/ and any user policy file on the fly. tsx's CommonJS build of
 * `tsx/esm/api` resolves its own hook file wrongly, hence the import of the ESM build.
 */
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

let loading;

/** The routelab library module (everything src/index.ts exports), loaded once per kernel. */
exports.load = function load() {
  loading ??= (async () => {
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(resolve(__dirname, '../src/index.ts')).href);
  })();
  return loading;
};

/** The repository root, for paths to datasets/ that work whatever the kernel's working folder. */
exports.root = resolve(__dirname, '..');

/** Where a notebook writes files (reports, models): `npm run notebooks` sets it, else out/notebooks/. */
exports.out = process.env.ROUTELAB_NOTEBOOKS_OUT || resolve(__dirname, '../out/notebooks');
