import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { describeProblem, parseSourceDate } from "../../src/index.js";
import { ForgivingUtf8Decoder } from "../../src/sources/charset.js";
import { ProblemTally } from "../../src/sources/problems.js";
import { lines } from "../../src/sources/text-lines.js";
import { AmpersandRepair } from "../../src/sources/xml.js";

/** `text` cut at `cuts` (positions, any order). */
function split<T extends { slice(a: number, b?: number): T; length: number }>(
  text: T,
  cuts: readonly number[],
): T[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: T[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts;
}

describe("AmpersandRepair", () => {
  const repairAll = (parts: readonly string[]) => {
    const r = new AmpersandRepair();
    return parts.map((p) => r.write(p)).join("") + r.end();
  };

  test("escapes a bare & and leaves references and CDATA alone", () => {
    expect(repairAll(["<a>?x=1&y=2 Q&A &amp; &#38; &#x26; &nbsp; & end&</a>"])).toBe(
      "<a>?x=1&amp;y=2 Q&amp;A &amp; &#38; &#x26; &nbsp; &amp; end&amp;</a>",
    );
    expect(repairAll(["<a><![CDATA[x&y]]>&z</a>"])).toBe("<a><![CDATA[x&y]]>&amp;z</a>");
  });

  test("gives the same text however the stream is cut", () => {
    const token = fc.constantFrom(
      "&",
      "&amp;",
      "&#38;",
      "&nbsp;",
      "<![CDATA[",
      "]]>",
      "]",
      "<",
      "a",
      ";",
      " ",
      "x=1&y",
      "<!",
      "&#x",
    );
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (tokens, cuts) => {
          const text = tokens.join("");
          expect(repairAll(split(text, cuts))).toBe(repairAll([text]));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("ForgivingUtf8Decoder", () => {
  const decodeAll = (parts: readonly Uint8Array[]) => {
    const d = new ForgivingUtf8Decoder();
    return { text: parts.map((p) => d.write(p)).join("") + d.end(), repaired: d.repaired };
  };

  test("valid UTF-8 is itself, cut anywhere, even inside a character", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (s, cuts) => {
          const bytes = Buffer.from(s, "utf8");
          expect(decodeAll(split(bytes, cuts))).toEqual({
            text: Buffer.from(s, "utf8").toString("utf8"),
            repaired: 0,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  test("any bytes decode the same however they are cut", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (bytes, cuts) => {
          expect(decodeAll(split(Buffer.from(bytes), cuts))).toEqual(decodeAll([bytes]));
        },
      ),
      { numRuns: 200 },
    );
  });

  test("stray bytes are windows-1252, a cut-off sequence at the end too", () => {
    expect(
      decodeAll([Buffer.from([0x63, 0xe9, 0x20, 0x80, 0x9f, 0xc3, 0xa9, 0xe2, 0x82])]),
    ).toEqual({
      text: "cé €Ÿéâ‚",
      repaired: 5,
    });
  });
});

describe("lines", () => {
  async function* from(parts: readonly string[]) {
    yield* parts;
  }
  async function all(parts: readonly string[], max: number) {
    const tally = new ProblemTally();
    const out: string[] = [];
    for await (const line of lines(from(parts), max, tally))
      out.push(`${line.number}:${line.text}`);
    return { out, problems: tally.drain({ kind: "list", location: "x" }) };
  }

  test("the same lines however the text is cut; long ones skipped and counted", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "bb", "\n", "\r\n", "0123456789"), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (tokens, cuts) => {
          const text = tokens.join("");
          expect(await all(split(text, cuts), 12)).toEqual(await all([text], 12));
        },
      ),
      { numRuns: 300 },
    );
    const { out, problems } = await all(["ok\n", "x".repeat(50), "y".repeat(50), "\nlast"], 20);
    expect(out).toEqual(["1:ok", "3:last"]);
    expect(problems).toMatchObject([{ code: "line-too-long", count: 1, example: "line 2" }]);
  });
});

describe("parseSourceDate", () => {
  test.each([
    ["2024", "2024"],
    ["2024-05", "2024-05"],
    ["2024-05-01", "2024-05-01"],
    ["2024-05-01T10:00+02:00", "2024-05-01T08:00:00Z"],
    ["2024-05-01T10:00:30.250Z", "2024-05-01T10:00:30Z"],
    ["2024-05-01 10:00:00", "2024-05-01T10:00:00Z"],
    ["2024-05-01T23:30:00-0130", "2024-05-02T01:00:00Z"],
    ["Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"],
    ["10 Jun 2003 04:00 PDT", "2003-06-10T11:00:00Z"],
    ["Wed, 02 Oct 02 08:00:00 +0530", "2002-10-02T02:30:00Z"],
    ["Sunday, 1 December 2024 10:00:00 +01:00", "2024-12-01T09:00:00Z"],
  ])("%s → %s", (raw, text) => {
    expect(parseSourceDate(raw)?.text).toBe(text);
  });

  test.each([
    "yesterday",
    "2024-02-30",
    "2024-13-01",
    "2024-05-01T25:00Z",
    "32 Jan 2024 10:00 GMT",
    "10 Jun 2003 04:00 XYZ",
    "",
  ])("%s is no date", (raw) => {
    expect(parseSourceDate(raw)).toBeNull();
  });

  test("a day spans 24 hours, an instant none", () => {
    const d = parseSourceDate("2024-05-01");
    expect(d === null ? null : d.end - d.start).toBe(86_400_000);
    const t = parseSourceDate("2024-05-01T00:00:00Z");
    expect(t === null ? null : t.end - t.start).toBe(0);
  });
});

test("a problem prints as one line: severity, code, where, what, how often, example, what to do", () => {
  expect(
    describeProblem({
      code: "date-invalid",
      severity: "warning",
      source: { kind: "sitemap", location: "https://e.example/s.xml" },
      message: "dates in no known form ignored",
      hint: "use W3C Datetime",
      count: 1200,
      example: "yesterday",
    }),
  ).toBe(
    "warning date-invalid: sitemap https://e.example/s.xml: dates in no known form ignored (1,200 times): yesterday (use W3C Datetime)",
  );
});
