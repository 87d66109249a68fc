/* global process, console */
// Times buildCodeView alone, as reviewSeries calls it (the model's mentions
// as prefilter), over the patches of the given mboxes that name a model
// symbol. With two dist folders the passes alternate, so both see the same
// machine load; figures are CPU ms per pass. Not a test: run it by hand.
//
//   npm run build && node test/code/bench-code-view.mjs dist [OTHER_DIST] [--reps N] FILE.mbox...
import { readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args.splice(repsAt, 2)[1]) : 20;
const dists = args.filter((a) => !a.endsWith('.mbox') && !a.endsWith('.patch')).map((d) => path.resolve(d));
const files = args.filter((a) => a.endsWith('.mbox') || a.endsWith('.patch'));
if (dists.length === 0 || files.length === 0) {
  console.error('usage: node test/code/bench-code-view.mjs DIST [OTHER_DIST] [--reps N] FILE.mbox...');
  process.exit(2);
}

const stage = (name) => import(path.join(dists[0], name, 'index.js'));
const { readMessages } = await stage('mail');
const { SeriesAssembler } = await stage('series');
const { attachDiffs } = await stage('diff');
const { loadModel } = await stage('model');
const model = loadModel();
const prefilter = (t) => model.mentions(t);

const patches = [];
for (const file of files) {
  const source = { name: file, kind: 'mbox', async *stream() { yield readFileSync(file); } };
  const assembler = new SeriesAssembler({ allVersions: true });
  const series = [];
  for await (const m of readMessages(source)) series.push(...assembler.push(m));
  series.push(...assembler.finish().series);
  for (const s of series) {
    for (const p of attachDiffs(s, { hunks: true }).patches) {
      if (p.files.some((f) => f.hunks.some((h) => model.mentions(h.header) || h.lines.some((l) => model.mentions(l.text))))) patches.push(p);
    }
  }
}

const builds = [];
for (const d of dists) {
  const code = await import(path.join(d, 'code', 'index.js'));
  await code.ensureParser();
  builds.push(code.buildCodeView);
}
const pass = async (build) => {
  const start = process.cpuUsage();
  for (const p of patches) await build(p, { prefilter });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
for (let i = 0; i < 5; i++) for (const b of builds) await pass(b);
const times = builds.map(() => []);
for (let r = 0; r < reps; r++) for (const [i, b] of builds.entries()) times[i].push(await pass(b));

console.log(`${patches.length} patches naming a model symbol, ${reps} passes${builds.length > 1 ? ' each, alternating' : ''}`);
const stats = times.map((t) => {
  t.sort((a, b) => a - b);
  return { min: t[0], median: t[t.length >> 1] };
});
stats.forEach((s, i) => console.log(`${dists[i]}: min ${s.min.toFixed(1)} ms, median ${s.median.toFixed(1)} ms per pass`));
if (stats.length > 1) console.log(`first/second: min ${(stats[0].min / stats[1].min).toFixed(2)}x, median ${(stats[0].median / stats[1].median).toFixed(2)}x`);
