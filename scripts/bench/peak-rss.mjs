/**
 * Preloaded (`node --import`) into each process `pnpm bench memory` measures: at exit it writes
 * the process's peak resident set size (Linux `ru_maxrss`, in kilobytes) to the file named by
 * VELLUM_BENCH_RSS_FILE, so the figure is the child's own, whatever runs it.
 */
import { writeFileSync } from "node:fs";

const file = process.env.VELLUM_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
