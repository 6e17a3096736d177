import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const BIN = join(ROOT, 'bin/planmetrics.js');
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '80' };
const folder = mkdtempSync(join(tmpdir(), 'planmetrics-stdout-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('standard output', () => {
  it('ends quietly, exit 0, when the reader closes the pipe first (`planmetrics check | head`)', async () => {
    const child = spawn(process.execPath, [BIN, 'check', '--level', 'all', '--year', 'all'], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first byte
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('writes the same bytes to a redirected file as to a pipe, and as -o writes', async () => {
    // The detail view of the default level and year: 280 KB, several pipes' worth (all levels and
    // years made 5.8 MB, three times over, for the same point).
    const args = ['check', '--detail', '--lang', 'en'];
    const redirected = join(folder, 'redirected.txt');
    const fd = openSync(redirected, 'w');
    try {
      const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: ENV, stdio: ['ignore', fd, 'pipe'] });
      expect(run.status).toBe(0);
    } finally {
      closeSync(fd);
    }
    const piped = await runCli(args, { env: { COLUMNS: '80' } });
    const written = join(folder, 'written.txt');
    await runCli([...args, '-o', written], { env: { COLUMNS: '80' } });
    const bytes = readFileSync(redirected);
    expect(bytes.length).toBeGreaterThan(100_000); // more than a pipe holds at once
    expect(bytes.equals(Buffer.from(piped.stdout))).toBe(true);
    expect(bytes.equals(readFileSync(written))).toBe(true);
  });

  it('writes to /dev/null without a stream and exits as usual', () => {
    const run = spawnSync(process.execPath, [BIN, 'check', '--fail-on', 'any'], { cwd: ROOT, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    // Only the targets that make it fail (stdout's loss is not stderr's): no error of writing.
    expect(run.stderr.toString('utf8').split('\n').filter((line) => line !== '').every((line) => /^planmetrics: warning (TARGET_MISSED|TARGETS_MORE) /.test(line))).toBe(true);
    expect(run.status).toBe(1); // the sample has unmet targets; --fail-on any says so through /dev/null too
  });
});
