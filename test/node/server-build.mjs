// The compiled dist/server build, rebuilt first when a source is newer, so `npm run test:node` works in a clean
// clone and after edits without rewriting a fresh build other tests may be reading (npm test builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** True when dist/server is missing or older than a source or config it is built from. */
function serverBuildIsStale() {
  const built = join(root, 'dist/server/index.js');
  if (!existsSync(built)) return true;
  const inputs = [
    'tsconfig.json',
    'tsconfig.server.json',
    ...readdirSync(join(root, 'src/server'), { recursive: true })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join('src/server', file)),
  ];
  const builtAt = statSync(built).mtimeMs;
  return inputs.some((file) => statSync(join(root, file)).mtimeMs > builtAt);
}

/** @returns {Promise<typeof import('../../dist/server/index.js')>} */
export async function loadServerBuild() {
  if (serverBuildIsStale()) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.server.json'], { cwd: root, stdio: 'pipe' });
    } catch (error) {
      throw new Error(`tsc -p tsconfig.server.json failed:\n${error.stdout}${error.stderr}`, { cause: error });
    }
  }
  return import('../../dist/server/index.js');
}
