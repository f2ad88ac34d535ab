// Preloaded into a measured child process (`node --import ./bench/reportUsage.mjs ...`): at exit it
// appends the process's CPU time (user + system, all threads) and peak RSS as one JSON line to
// the file named by KCR_BENCH_USAGE_FILE. CPU time moves far less than wall time on a machine
// shared with other work, so the bench compares processes by it.
import { appendFileSync } from 'node:fs';

const file = process.env.KCR_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', (code) => {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    appendFileSync(file, `${JSON.stringify({ code, cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssMb: maxRSS / 1024 })}\n`);
  });
}
