// Writes fixtures/invalid/bytes-undecodable-stray-byte.csv once (run: node test/validate/make-undecodable-fixture.mjs).
// The file is GB18030 (what Excel on a Chinese Windows writes) with one byte, 0xFF, that is valid in
// neither GB18030 nor UTF-8, inside the region name on line 3.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const target = fileURLToPath(new URL('../../fixtures/invalid/bytes-undecodable-stray-byte.csv', import.meta.url));
const gb = (text) => iconv.encode(text, 'gb18030');
writeFileSync(
  target,
  Buffer.concat([
    gb('region_code,region_name,year,resident_population\n330106,西湖区,2024,1234567\n330108,滨江'),
    Buffer.from([0xff]),
    gb(',2024,504021\n'),
  ]),
);
console.log(`wrote ${target}`);
