// Bundle the report front-end into package data (src/frontwatch/report/static/):
//   app.js        the app (IIFE, minified, libraries included, licences kept at the end)
//   app.css       styles, with Leaflet's CSS and its images inlined as data: URLs
//   basemap.json  Natural Earth 1:50m country outlines (TopoJSON) from the world-atlas package
//   build.json    versions of the bundled libraries
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'frontwatch', 'report', 'static');
// 1:50m keeps coastlines and borders recognisable at province zoom (~740 KB); 1:110m is too coarse
// for the Sahel or the Levant at the zoom events are viewed at, 1:10m (3.5 MB) too heavy to inline.
const BASEMAP = 'countries-50m.json';

await mkdir(out, { recursive: true });
const common = { bundle: true, minify: true, legalComments: 'eof', logLevel: 'warning', charset: 'utf8' };
await build({
  ...common,
  entryPoints: [join(here, 'src', 'main.js')],
  outfile: join(out, 'app.js'),
  format: 'iife',
  target: ['es2020', 'chrome90', 'firefox90', 'safari14'],
});
await build({
  ...common,
  entryPoints: [join(here, 'src', 'styles.css')],
  outfile: join(out, 'app.css'),
  loader: { '.png': 'dataurl', '.svg': 'dataurl', '.gif': 'dataurl' },
});
await copyFile(join(here, 'node_modules', 'world-atlas', BASEMAP), join(out, 'basemap.json'));

const versions = {};
for (const name of ['leaflet', 'd3-brush', 'd3-scale', 'd3-selection', 'topojson-client', 'world-atlas', 'esbuild']) {
  const pkg = JSON.parse(await readFile(join(here, 'node_modules', name, 'package.json'), 'utf8'));
  versions[name] = pkg.version;
}
await writeFile(join(out, 'build.json'), `${JSON.stringify({ basemap: `world-atlas/${BASEMAP}`, versions }, null, 2)}\n`);

const js = await readFile(join(out, 'app.js'), 'utf8');
if (/<\/script/i.test(js) || js.includes('<!--')) {
  throw new Error('app.js contains "</script" or "<!--": it cannot be inlined into report.html');
}
console.log(`report assets written to ${out}`);
