// CSV for Excel: --bom (UTF-8 with a byte-order mark) and --output-encoding gb18030.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeOutput, resolveOutputEncoding } from '../../src/io/write-output.js';
import { runCliBytes, tempDir } from './run.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('output encodings', () => {
  it('adds a BOM, or encodes as GB18030, and leaves bytes (xlsx) alone', () => {
    expect(Buffer.from(encodeOutput('地区\n', 'utf8-bom'))).toEqual(Buffer.concat([BOM, Buffer.from('地区\n')]));
    expect(Buffer.from(encodeOutput('地区\n', 'gb18030') as Uint8Array)).toEqual(Buffer.from([0xb5, 0xd8, 0xc7, 0xf8, 0x0a]));
    const bytes = new Uint8Array([0x50, 0x4b]);
    expect(encodeOutput(bytes, 'gb18030')).toBe(bytes);
  });

  it('treats --bom as --output-encoding utf8-bom and refuses the two disagreeing', () => {
    expect(resolveOutputEncoding(undefined, false)).toBe('utf8');
    expect(resolveOutputEncoding(undefined, true)).toBe('utf8-bom');
    expect(resolveOutputEncoding('utf8-bom', true)).toBe('utf8-bom');
    expect(() => resolveOutputEncoding('gb18030', true)).toThrow();
  });
});

describe('check --format csv for Excel', () => {
  it('--bom writes the same CSV with a UTF-8 BOM in front', async () => {
    const plain = await runCliBytes(['check', '--format', 'csv', '--level', 'province']);
    const withBom = await runCliBytes(['check', '--format', 'csv', '--level', 'province', '--bom']);
    expect(withBom.code).toBe(0);
    expect(withBom.stdout.subarray(0, 3)).toEqual(BOM);
    expect(withBom.stdout.subarray(3)).toEqual(plain.stdout);
  });

  it('--output-encoding gb18030 -o writes GB18030 bytes that decode to the UTF-8 output', async () => {
    const file = join(tempDir(), 'gbk.csv');
    const plain = await runCliBytes(['check', '--format', 'csv', '--level', 'province']);
    const run = await runCliBytes(['check', '--format', 'csv', '--level', 'province', '--output-encoding', 'gb18030', '-o', file]);
    expect(run.code).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.equals(plain.stdout)).toBe(false);
    expect(iconv.decode(bytes, 'gb18030')).toBe(plain.stdout.toString('utf8'));
  });

  it('template --bom works for the CSV template', async () => {
    const run = await runCliBytes(['template', '--labels', '--bom']);
    expect(run.code).toBe(0);
    expect(run.stdout.subarray(0, 3)).toEqual(BOM);
    expect(run.stdout.subarray(3).toString('utf8').startsWith('行政区划代码,')).toBe(true);
  });

  it('refuses a BOM on JSON and GB18030 on HTML (both declare UTF-8), with exit 2 and nothing written', async () => {
    const dir = tempDir();
    const json = await runCliBytes(['check', '--format', 'json', '--bom']);
    expect(json.code).toBe(2);
    expect(json.stdout.length).toBe(0);
    expect(json.stderr).toContain('USAGE');
    const html = await runCliBytes(['check', '--format', 'html', '--output-encoding', 'gb18030', '-o', join(dir, 'r.html')]);
    expect(html.code).toBe(2);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
    const clash = await runCliBytes(['check', '--format', 'csv', '--bom', '--output-encoding', 'gb18030']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--bom');
  });
});
