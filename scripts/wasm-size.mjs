// Prints the size of the built WebAssembly module: raw, gzip (level 9) and brotli (quality 11).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const path = process.argv[2];
const bytes = readFileSync(path);
const gzip = gzipSync(bytes, { level: 9 }).length;
const brotli = brotliCompressSync(bytes, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`${path}: ${kb(bytes.length)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli`);
