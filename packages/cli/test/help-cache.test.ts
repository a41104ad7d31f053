import { describe, expect, it } from "vitest";
import yargs, { type Argv } from "yargs";
import { withoutHelpCache } from "../src/help-cache.js";

/** A parser with one command, and a count of the help texts yargs renders while parsing. */
function parserCountingHelp(): { parser: Argv; rendered: () => number; ran: () => number } {
  let rendered = 0;
  let ran = 0;
  const parser = yargs(["extract", "page.html"])
    .exitProcess(false)
    .strict()
    .command(
      "extract <input...>",
      "Extract the article",
      (y) => y.option("format", { type: "string", describe: "what to print — JSON, text…" }),
      () => {
        ran++;
      },
    );
  const internal = (parser as unknown as InternalParser).getInternalMethods();
  const usage = internal.getUsageInstance();
  const help = usage.help;
  usage.help = function (this: unknown, ...args: unknown[]) {
    rendered++;
    return help.apply(this, args);
  };
  return { parser, rendered: () => rendered, ran: () => ran };
}

interface InternalParser {
  getInternalMethods(): { getUsageInstance(): { help: (...args: unknown[]) => string } };
}

describe("withoutHelpCache", () => {
  it("runs a command without rendering its help first", async () => {
    const plain = parserCountingHelp();
    await plain.parser.parseAsync();
    // What yargs does by itself: the whole help, rendered in case the handler fails.
    expect(plain.rendered()).toBe(1);
    expect(plain.ran()).toBe(1);

    const patched = parserCountingHelp();
    await withoutHelpCache(patched.parser).parseAsync();
    expect(patched.rendered()).toBe(0);
    expect(patched.ran()).toBe(1);
  });

  it("still prints a command's help when asked", async () => {
    let output = "";
    await withoutHelpCache(
      yargs(["extract", "--help"])
        .exitProcess(false)
        .command("extract <input...>", "Extract the article", (y) =>
          y.option("format", { type: "string", describe: "what to print" }),
        ),
    ).parseAsync(["extract", "--help"], {}, (_error, _argv, text) => {
      output = text;
    });
    expect(output).toContain("--format");
    expect(output).toContain("what to print");
  });
});
