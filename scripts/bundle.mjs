// Bundles each entry point into one self-contained ESM file under dist/ (`npm run bundle`).
import { chmod, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Bundled CommonJS (ts-morph and its TypeScript) uses require, __filename and __dirname, which ESM lacks.
const COMMONJS_GLOBALS = [
  'import { createRequire as __mcpWardenCreateRequire } from "node:module";',
  'import { dirname as __mcpWardenDirnameOf } from "node:path";',
  'import { fileURLToPath as __mcpWardenFileURLToPath } from "node:url";',
  "const require = __mcpWardenCreateRequire(import.meta.url);",
  "const __mcpWardenFilename = __mcpWardenFileURLToPath(import.meta.url);",
  "const __mcpWardenDirname = __mcpWardenDirnameOf(__mcpWardenFilename);",
].join("\n");

/**
 * ENTRY_POINTS: one bundle each (the CLI, and the GitHub Action that action.yml runs).
 * `executable` adds the shebang and the exec bit for files run as commands.
 */
const ENTRY_POINTS = [
  { source: "src/cli/index.ts", output: "dist/cli.js", executable: true },
  { source: "src/action/index.ts", output: "dist/index.js", executable: false },
];

for (const entry of ENTRY_POINTS) await bundle(entry);

async function bundle({ source, output, executable }) {
  const result = await build({
    absWorkingDir: repo,
    entryPoints: [source],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: executable ? `#!/usr/bin/env node\n${COMMONJS_GLOBALS}` : COMMONJS_GLOBALS },
    // Only free uses are replaced, so a module's own variable of the same name is left alone.
    define: { __filename: "__mcpWardenFilename", __dirname: "__mcpWardenDirname" },
    legalComments: "none",
    minify: false,
    sourcemap: false,
    charset: "utf8",
    logLevel: "warning",
    write: false,
  });
  const [file] = result.outputFiles;
  if (file === undefined || result.outputFiles.length !== 1) throw new Error(`esbuild produced ${result.outputFiles.length} files for ${source}`);
  const target = path.join(repo, output);
  await mkdir(path.dirname(target), { recursive: true });
  // Write beside the target and rename, so a concurrent build or a running test never sees half a file.
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  if (executable) await chmod(temporary, 0o755);
  await rename(temporary, target);
}
