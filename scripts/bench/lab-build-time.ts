// How long buildLab() takes: `npx tsx scripts/bench/lab-build-time.ts ['{"registryChildren":1000}']`
// (the options as JSON). One warm-up build, then the median of seven.
import { buildLab, type BuildLabOptions } from '@/lib/lab/build-lab';

const options = (process.argv[2] ? JSON.parse(process.argv[2]) : {}) as BuildLabOptions;
buildLab(options);
const times: number[] = [];
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  buildLab(options);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(`buildLab ${JSON.stringify(options)}: median ${times[3]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[6]!.toFixed(0)}) over 7 builds`);
