import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The cfn-lint binary that `npm run setup:python` installs into the project's virtual environment. */
export const CFN_LINT = resolve(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint');

/** Result of one cfn-lint run. */
export interface CfnLintResult {
  /** Exit status: 0 when cfn-lint found nothing, non-zero for errors, warnings or informational findings. */
  readonly status: number | null;
  /** Findings, one per line. */
  readonly output: string;
}

/** Returns whether cfn-lint is installed. Tests that need it are skipped with a message when it is not. */
export function cfnLintAvailable(): boolean {
  return existsSync(CFN_LINT);
}

/** Writes a synthesized template to a temporary file and runs cfn-lint on it. */
export function runCfnLint(template: unknown): CfnLintResult {
  const directory = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  try {
    const file = join(directory, 'template.json');
    writeFileSync(file, JSON.stringify(template, null, 2));
    const run = spawnSync(CFN_LINT, ['--format', 'parseable', '--', file], { encoding: 'utf8' });
    if (run.error !== undefined) {
      throw new Error(`cfn-lint could not start: ${run.error.message}`);
    }
    return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
