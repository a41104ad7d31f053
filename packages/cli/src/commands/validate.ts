import { decodeHtml, extract } from "@vellum/extract";
import { headerValue, VellumError } from "@vellum/model";
import { articlePeople } from "@vellum/people";
import type { ValidationReport } from "@vellum/schema";
import {
  buildJsonLd,
  extractJsonLdFromHtml,
  type Finding,
  formatReport,
  validateJsonLd,
} from "@vellum/schema";
import type { Argv } from "yargs";
import { ExitCode } from "../exit-codes.js";
import { notAPage, type PageInput } from "../inputs.js";
import type { Command } from "./command.js";
import { forEachInput, type PageInputArgs, pageInputOptions } from "./page-inputs.js";

interface ValidateArgs extends PageInputArgs {
  readonly json: boolean;
  readonly ours: boolean;
}

/** What was checked for one input, for `--json`. */
interface InputReport extends ValidationReport {
  readonly input: string;
  /**
   * `jsonld`: a JSON-LD file; `page`: the page's own blocks; `ours`: what `vellum jsonld` emits;
   * `nothing`: the page has no JSON-LD, so nothing was checked (and nothing is called valid).
   */
  readonly checked: "jsonld" | "page" | "ours" | "nothing";
}

function looksLikeJson(input: PageInput, text: string): boolean {
  const type = headerValue(input.headers, "content-type") ?? "";
  if (/json/i.test(type)) return true;
  if (/\.(json|jsonld)(\.gz)?$/i.test(input.label)) return true;
  return /^\s*[[{]/.test(text);
}

/** The findings for one input: a JSON-LD document, or the JSON-LD blocks of a page. */
function check(input: PageInput, ours: boolean): InputReport {
  const empty = notAPage(input.bytes);
  if (empty !== null) {
    throw new VellumError("no-content", "Nothing to validate", {
      value: input.label,
      hint: `${empty}; give a JSON-LD file, an HTML page or its URL`,
    });
  }
  const { html } = decodeHtml(input.bytes, input.headers);
  if (ours) {
    const article = extract(input.bytes, { url: input.url, headers: input.headers });
    const people = articlePeople(article);
    return {
      input: input.label,
      checked: "ours",
      ...validateJsonLd(buildJsonLd(article, { people })),
    };
  }
  if (looksLikeJson(input, html)) {
    return {
      input: input.label,
      checked: "jsonld",
      ...validateJsonLd(html.replace(/^\uFEFF/, "")),
    };
  }
  const blocks = extractJsonLdFromHtml(html);
  if (blocks.length === 0) {
    const finding: Finding = {
      severity: "error",
      path: "$",
      code: "no-jsonld",
      message: 'the page has no <script type="application/ld+json"> block',
    };
    return {
      input: input.label,
      checked: "nothing",
      valid: false,
      errors: 1,
      warnings: 0,
      infos: 0,
      findings: [finding],
    };
  }
  const syntax: Finding[] = blocks
    .filter((b) => b.error !== null)
    .map((b) => ({
      severity: "error",
      path: `$[${b.index}]`,
      code: "invalid-json",
      message: `not valid JSON: ${b.error}`,
    }));
  const parsed = blocks.filter((b) => b.error === null);
  // Blocks are checked together (their @ids may link), keeping each block's index in the paths.
  const sparse: unknown[] = blocks.map((b) => (b.error === null ? b.data : undefined));
  const report = validateJsonLd(
    blocks.length === 1 && parsed.length === 1 ? parsed[0]?.data : sparse,
  );
  // A block that is not JSON stands as `undefined` in `sparse`: its invalid-json finding says enough.
  const broken = new Set(blocks.filter((b) => b.error !== null).map((b) => `$[${b.index}]`));
  const findings = [
    ...syntax,
    ...report.findings.filter((f) => !(f.code === "invalid-jsonld" && broken.has(f.path))),
  ];
  const count = (severity: Finding["severity"]) =>
    findings.filter((f) => f.severity === severity).length;
  const errors = count("error");
  return {
    input: input.label,
    checked: "page",
    valid: errors === 0,
    errors,
    warnings: count("warning"),
    infos: count("info"),
    findings,
  };
}

export const validateCommand: Command<ValidateArgs> = {
  command: "validate <input...>",
  describe: "Check JSON-LD against schema.org and Google's Article guidance (exit 1 on errors)",
  examples: [
    ["$0 validate article.jsonld", "a JSON-LD file"],
    ["$0 validate https://example.com/news/1", "the JSON-LD a live page carries"],
    [
      "$0 validate page.html --ours --url https://example.com/news/1",
      "what vellum jsonld emits for it",
    ],
    ["$0 validate page.html --json", "a machine-readable report"],
  ],
  builder: (y: Argv) =>
    pageInputOptions(y)
      .positional("input", {
        describe: "A .jsonld/.json file, an .html or .html.gz page, - for stdin, or an http(s) URL",
        type: "string",
        array: true,
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print a JSON report instead of lines",
      })
      .option("ours", {
        type: "boolean",
        default: false,
        describe: "Check the JSON-LD vellum builds for the page, not the page's own",
      }),
  async run(args, ctx) {
    const reports: InputReport[] = [];
    const several = args.input.length > 1;
    const status = await forEachInput(args, ctx, (page) => {
      const report = check(page, args.ours);
      reports.push(report);
      if (!args.json) ctx.stdout.write(formatInputReport(report, several));
      if (report.checked === "nothing") return ExitCode.noContent;
      return report.valid ? ExitCode.ok : ExitCode.findings;
    });
    if (args.json) {
      const errors = reports.reduce((n, r) => n + r.errors, 0);
      const warnings = reports.reduce((n, r) => n + r.warnings, 0);
      ctx.stdout.write(
        // An input that could not be checked (named on stderr) leaves the whole not valid.
        `${JSON.stringify({ valid: errors === 0 && status === ExitCode.ok, errors, warnings, inputs: reports }, null, 2)}\n`,
      );
    }
    return status;
  },
};

/** The findings, then a summary that says "valid" only when something was checked and held. */
function formatInputReport(report: InputReport, several: boolean): string {
  const label = several ? report.input : undefined;
  const text = formatReport(report, label);
  if (report.checked !== "nothing") return text;
  // formatReport's last line is its summary; here there was nothing to judge.
  const findings = text.slice(0, text.lastIndexOf("\n", text.length - 2) + 1);
  return `${findings}${label === undefined ? "" : `${label}: `}nothing checked: no JSON-LD in the page\n`;
}
