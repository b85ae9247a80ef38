/** The operator CLI run as operators run it, for tests: `journeys ...args` in a child process. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../services/cli/main.ts', import.meta.url));

/** Runs `journeys ...args`; resolves with its exit code and output whatever the code. */
export function journeys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
    });
  });
}
