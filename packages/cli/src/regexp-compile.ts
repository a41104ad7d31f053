/**
 * Regular expressions compiled to machine code on their first use. By default V8 compiles an
 * expression to bytecode, runs it once in its interpreter, and compiles it again to machine code
 * on its second use: two compilations, and a first run in the interpreter, which for an
 * expression run over a whole page is slow. A command reads a page with hundreds of expressions
 * (the extractor's rules, the people stage), and a short run is mostly first uses: compiled once,
 * `vellum extract` of 10 saved pages took 6.5% less CPU (669 against 715 ms, medians of 10
 * alternating runs) and wall time (472 against 546 ms, of 8), one page the same, 327 files no more.
 *
 * V8's flags belong to the process, so the extract worker threads have it too; it reaches the
 * expressions first used after it is set, which is why `bin.ts` imports this module before any
 * other. The packages themselves leave the process's flags to whoever runs them.
 */
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--no-regexp-tier-up");
