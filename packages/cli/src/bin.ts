#!/usr/bin/env node
import { systemClock } from "@vellum/model";
import { main } from "./main.js";

// Paths on the command line are relative to where the user typed it. (`pnpm vellum` changes to
// that directory before it starts this file; INIT_CWD is not read here, since an installed
// vellum run from a user's own npm script would get that script's package root from it.)
const cwd = process.cwd();
const controller = new AbortController();
let interrupts = 0;
// SIGTERM (a service manager, `kill`) stops the same way: a fleet worker finishes its jobs in
// flight and leaves the rest queued.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(
      "\nvellum: stopping after the work in flight (Ctrl-C again to quit now)\n",
    );
    controller.abort();
  });
}

// A reader that stops early (`vellum extract page.html | head`) closes the pipe: stop like Ctrl-C,
// quietly, instead of dying on EPIPE with a stack trace. Later writes fail the same way; ignore them.
let readerGone = false;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  if (readerGone) return;
  readerGone = true;
  controller.abort();
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd,
  clock: systemClock,
  signal: controller.signal,
});
// A command that finished reports as usual (0 for an extract whose reader took one line); a
// snapshot cut short by a closed pipe reports "interrupted", as after Ctrl-C.
process.exitCode = code;
