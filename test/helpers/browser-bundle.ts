import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

export interface BrowserBundle {
  /** Imports of Node's built-in modules, as `importer → module`: none may reach a browser bundle. */
  nodeImports: string[];
  /** The bundle, minified. */
  code: string;
  bytes: number;
  gzipBytes: number;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Bundles an entry for the browser as a user's bundler would (esbuild, platform `browser`, ESM,
 * minified), recording every import of a Node built-in instead of letting esbuild stop at the first.
 */
export async function bundleForBrowser(entry: string, external: string[] = []): Promise<BrowserBundle> {
  const nodeImports: string[] = [];
  const recordBuiltins: Plugin = {
    name: 'record-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!BUILTINS.has(args.path)) return undefined;
        nodeImports.push(`${args.importer.replace(process.cwd() + '/', '')} → ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    external,
    logLevel: 'silent',
    plugins: [recordBuiltins],
  });
  const code = result.outputFiles[0]!.text;
  return { nodeImports, code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length };
}
