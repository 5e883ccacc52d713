// Puts the trainers' bundle (wasm-bindgen output in <from>) into the site as
// sala-trainer.<hash>.js|wasm with brotli and gzip copies, like cargo-leptos does for
// the main bundle, and writes its hash file (`js: …`, `wasm: …`) for the server.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [from, pkg, hashFile] = process.argv.slice(2);
for (const old of readdirSync(pkg).filter((f) => f.startsWith('sala-trainer.'))) {
  rmSync(path.join(pkg, old));
}
const js = readFileSync(path.join(from, 'sala-trainer.js'));
const wasm = readFileSync(path.join(from, 'sala-trainer_bg.wasm'));
const hash = (bytes) => createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
const lines = [];
for (const [kind, bytes] of [['js', js], ['wasm', wasm]]) {
  const name = `sala-trainer.${hash(bytes)}.${kind}`;
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(path.join(pkg, name), bytes);
  writeFileSync(path.join(pkg, `${name}.br`), br);
  writeFileSync(path.join(pkg, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  lines.push(`${kind}: ${hash(bytes)}`);
  console.log(`${name}: ${bytes.length} bytes, ${br.length} brotli`);
}
writeFileSync(hashFile, `${lines.join('\n')}\n`);
