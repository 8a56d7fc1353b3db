// `npm start` runs the mock through this: it builds only when dist/ is missing or was built from
// other sources, so a start after `npm install` (whose prepare step built dist/) costs milliseconds,
// not a 10-60 s build. Staleness is decided by content, not by clocks: a SHA-256 over every file that
// goes into the build (src/, specs/, package.json, package-lock.json, tsconfig.json) is written to
// dist/.build-inputs at the end of `npm run build` (`--stamp`) and compared here. Timestamps would
// rebuild after switching branches and back, and miss a file restored with its old mtime (cp -p, tar).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = join('dist', '.build-inputs');
/** Files the build reads. node_modules changes show in package-lock.json. */
const INPUTS = ['src', 'specs', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** What `npm start` and the bin need; a dist/ without them is missing whatever the stamp says. */
const OUTPUTS = ['dist/cli.js', 'dist/ui/app.js'];

/** The input files under `path` (itself, when it is a file), relative to the root. */
function files(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

export function inputsHash(root = ROOT) {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((path) => files(root, path)).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why dist/ must be rebuilt, or undefined when it is fresh. */
export function staleness(root = ROOT) {
  const missing = OUTPUTS.find((f) => !existsSync(join(root, f)));
  if (missing) return `${missing} is missing`;
  if (!existsSync(join(root, STAMP))) return 'dist/ has no record of the sources it was built from';
  if (readFileSync(join(root, STAMP), 'utf8').trim() !== inputsHash(root))
    return 'src/, specs/ or the dependencies changed since the last build';
  return undefined;
}

/** Records the inputs of the build just made. */
export function stamp(root = ROOT) {
  writeFileSync(join(root, STAMP), `${inputsHash(root)}\n`);
}

function build(reason) {
  console.error(`understudy: building dist/ first (${reason})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// `--stamp`: record the inputs of the build just made. `--run <command> [args]`: build if stale, then
// run the CLI in this same process (`npm start` pays for one Node start-up, not two).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === '--stamp') {
    stamp();
  } else {
    const reason = staleness();
    if (reason) build(reason);
    if (mode === '--run') {
      process.argv = [process.argv[0], join(ROOT, 'dist', 'cli.js'), ...rest];
      await import(pathToFileURL(join(ROOT, 'dist', 'cli.js')).href);
    }
  }
}
