import { resolveConfig } from '../sim/config';
import { generateScene } from '../sim/scene';

/**
 * npm run bench:sim — scenes per second for generation + physics settling (+ object motion in
 * dynamic scenes), on one core, with the default config. Prints the median and the slowest scene.
 */
const n = Number(process.argv[2] ?? 300);
const config = resolveConfig({});
for (let i = 0; i < 10; i++) generateScene(config, 1, 100000 + i); // warm-up (JIT)
const times: number[] = [];
let objects = 0;
let maxPen = 0;
let maxGap = 0;
let unsettled = 0;
let dynamic = 0;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const s = performance.now();
  const scene = generateScene(config, 1, i);
  times.push(performance.now() - s);
  objects += scene.objects.length;
  maxPen = Math.max(maxPen, scene.physics.max_penetration);
  maxGap = Math.max(maxGap, scene.physics.max_gap);
  if (!scene.physics.settled) unsettled++;
  if (scene.kind === 'dynamic') dynamic++;
}
const total = (performance.now() - t0) / 1000;
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`bench:sim  ${n} scenes, ${(objects / n).toFixed(1)} objects/scene, ${dynamic} dynamic`);
console.log(
  `  ${(n / total).toFixed(1)} scenes/s on one core; per scene ms: median ${q(0.5)}, p90 ${q(0.9)}, max ${q(1)}`,
);
console.log(
  `  physics residuals before the final snap: max penetration ${(maxPen * 1000).toFixed(2)} mm, max gap ${(maxGap * 1000).toFixed(2)} mm; ${unsettled} scenes hit the step cap (forced sleep)`,
);
