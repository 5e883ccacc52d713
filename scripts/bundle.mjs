// Puts one more bundle (wasm-bindgen output in <from>: the trainers', the signed-out
// one) into the site as <name>.<hash>.js|wasm with brotli and gzip copies, like
// cargo-leptos does for the main bundle (its JS minified, as cargo-leptos minifies the
// learners'), and writes its hash file (`js: …`, `wasm: …`) for the server.
// Usage: node scripts/bundle.mjs <name> <from> <site pkg dir> <hash file>
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// terser is one of end2end/'s npm packages (scripts/setup installs them).
const { minify } = createRequire(new URL('../end2end/package.json', import.meta.url))('terser');

const [name, from, pkg, hashFile] = process.argv.slice(2);
for (const old of readdirSync(pkg).filter((f) => f.startsWith(`${name}.`))) {
  rmSync(path.join(pkg, old));
}
const source = readFileSync(path.join(from, `${name}.js`), 'utf8');
const js = Buffer.from((await minify(source, { module: true, compress: true, mangle: true })).code);
const wasm = readFileSync(path.join(from, `${name}_bg.wasm`));
const hash = (bytes) => createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
const lines = [];
for (const [kind, bytes] of [['js', js], ['wasm', wasm]]) {
  const file = `${name}.${hash(bytes)}.${kind}`;
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(path.join(pkg, file), bytes);
  writeFileSync(path.join(pkg, `${file}.br`), br);
  writeFileSync(path.join(pkg, `${file}.gz`), gzipSync(bytes, { level: 9 }));
  lines.push(`${kind}: ${hash(bytes)}`);
  console.log(`${file}: ${bytes.length} bytes, ${br.length} brotli`);
}
writeFileSync(hashFile, `${lines.join('\n')}\n`);
