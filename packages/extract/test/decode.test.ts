import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { limitNesting } from "../src/decode/nesting.js";
import { decodeHtml, encodingForLabel, extract } from "../src/index.js";

const page = (charsetTag: string, body: string, encoding: string) =>
  iconv.encode(
    `<html><head>${charsetTag}<title>t</title></head><body><p>${body}</p></body></html>`,
    encoding,
  );

describe("decodeHtml (WHATWG sniffing order)", () => {
  it("honours a byte order mark over everything else", () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("<p>Grüße</p>", "utf16le"),
    ]);
    const r = decodeHtml(utf16, [["Content-Type", "text/html; charset=iso-8859-1"]]);
    expect(r).toEqual({ html: "<p>Grüße</p>", encoding: "utf-16le", source: "bom" });
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<p>€</p>")]);
    expect(decodeHtml(utf8)).toEqual({ html: "<p>€</p>", encoding: "utf-8", source: "bom" });
  });

  it("takes the HTTP charset before the meta tag", () => {
    const bytes = page('<meta charset="utf-8">', "Привет, мир", "windows-1251");
    const r = decodeHtml(bytes, [["content-type", 'text/html; charset="CP1251"']]);
    expect(r.encoding).toBe("windows-1251");
    expect(r.source).toBe("http");
    expect(r.html).toContain("Привет, мир");
  });

  it("reads <meta charset> and http-equiv in the first 1024 bytes", () => {
    const sjis = decodeHtml(page('<meta charset="Shift_JIS">', "日本語のページ", "shift_jis"));
    expect([sjis.encoding, sjis.source]).toEqual(["shift_jis", "meta"]);
    expect(sjis.html).toContain("日本語のページ");
    const koi = decodeHtml(
      page(
        '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
        "Сводка",
        "koi8-r",
      ),
    );
    expect([koi.encoding, koi.html.includes("Сводка")]).toEqual(["koi8-r", true]);
    const kr = decodeHtml(page("<meta charset=euc-kr>", "한국어 기사", "cp949"));
    expect([kr.encoding, kr.html.includes("한국어 기사")]).toEqual(["euc-kr", true]);
    const big5 = decodeHtml(page("<meta charset='big5'>", "繁體中文", "big5"));
    expect([big5.encoding, big5.html.includes("繁體中文")]).toEqual(["big5", true]);
    const gb = decodeHtml(page('<meta charset="gb2312">', "简体中文新闻", "gbk"));
    expect([gb.encoding, gb.html.includes("简体中文新闻")]).toEqual(["gbk", true]);
    const jp = decodeHtml(page('<meta charset="EUC-JP">', "ニュース", "euc-jp"));
    expect([jp.encoding, jp.html.includes("ニュース")]).toEqual(["euc-jp", true]);
  });

  it("trusts bytes that are valid UTF-8 over a legacy label, and says so", () => {
    // A page saved again as UTF-8 keeps its `<meta charset=Shift_JIS>`.
    const resaved = Buffer.from(
      '<html><head><meta charset="Shift_JIS"><title>新製品を発売</title></head><body><p>キーボード</p></body></html>',
    );
    const r = decodeHtml(resaved);
    expect([r.encoding, r.source, r.overruled]).toEqual(["utf-8", "bytes", "shift_jis"]);
    expect(r.html).toContain("<title>新製品を発売</title>");
    // A server's default charset on a UTF-8 file.
    const served = decodeHtml(Buffer.from("<p>Grüße aus Köln</p>"), [
      ["Content-Type", "text/html; charset=ISO-8859-1"],
    ]);
    expect([served.encoding, served.html]).toEqual(["utf-8", "<p>Grüße aus Köln</p>"]);
    expect(extract(resaved).warnings.map((w) => w.code)).toContain("charset-mismatch");
  });

  it("keeps the label for legacy bytes and for pure ASCII", () => {
    const sjis = decodeHtml(page('<meta charset="Shift_JIS">', "日本語のページ", "shift_jis"));
    expect([sjis.encoding, sjis.overruled]).toEqual(["shift_jis", undefined]);
    const ascii = decodeHtml(page('<meta charset="Shift_JIS">', "plain words", "ascii"));
    expect([ascii.encoding, ascii.source]).toEqual(["shift_jis", "meta"]);
  });

  it("maps latin1 to windows-1252, so 0x80 is the euro sign", () => {
    const r = decodeHtml(
      Buffer.from([...Buffer.from('<meta charset="iso-8859-1"><p>'), 0x80, 0x93, 0x94]),
    );
    expect(r.encoding).toBe("windows-1252");
    expect(r.html.endsWith("<p>€“”")).toBe(true);
  });

  it("skips a meta inside a comment, and a meta claiming UTF-16 means UTF-8", () => {
    const commented = Buffer.from(
      '<!-- <meta charset="koi8-r"> --><meta charset="utf-16"><p>ü</p>',
    );
    expect(decodeHtml(commented)).toMatchObject({ encoding: "utf-8", source: "meta" });
  });

  it("falls back to the detector: valid UTF-8, then chardet", () => {
    expect(decodeHtml(Buffer.from("<p>Ça marche très bien</p>"))).toMatchObject({
      encoding: "utf-8",
      source: "detector",
    });
    const latin = iconv.encode(
      "<p>Les élèves étaient très contents de la fête à l'école, où l'été dure.</p>".repeat(4),
      "windows-1252",
    );
    const r = decodeHtml(latin);
    expect(r.source).toBe("detector");
    expect(r.html).toContain("élèves");
  });
});

describe("encodingForLabel (WHATWG label table)", () => {
  it("normalises labels the way browsers do", () => {
    expect(encodingForLabel(" Latin1 ")).toBe("windows-1252");
    expect(encodingForLabel("ascii")).toBe("windows-1252");
    expect(encodingForLabel("gb2312")).toBe("gbk");
    expect(encodingForLabel("iso-8859-9")).toBe("windows-1254");
    expect(encodingForLabel("x-sjis")).toBe("shift_jis");
    expect(encodingForLabel("ks_c_5601-1987")).toBe("euc-kr");
    expect(encodingForLabel("tis-620")).toBe("windows-874");
    expect(encodingForLabel("utf8")).toBe("utf-8");
    expect(encodingForLabel("klingon")).toBeNull();
  });
});

describe("limitNesting", () => {
  const nest = (open: string, close: string, depth: number) =>
    `${open.repeat(depth)}x${close.repeat(depth)}`;

  it("leaves a page alone up to the limit and drops only the tags past it", () => {
    expect(limitNesting(nest("<div>", "</div>", 10), 10)).toEqual({
      html: nest("<div>", "</div>", 10),
      dropped: 0,
    });
    const out = limitNesting(nest("<div>", "</div>", 12), 10);
    expect(out).toEqual({ html: nest("<div>", "</div>", 10), dropped: 4 });
  });

  it("does not count void, self-closed or upper-case void tags as levels", () => {
    const flat = `<div>${"<BR><img src=a.png><input/><span/><Meta charset=x>".repeat(20)}</div>`;
    expect(limitNesting(flat, 3).dropped).toBe(0);
  });

  it("counts closing tags, upper-case names and tags with attributes and `>` later on", () => {
    const siblings = '<DIV class="a">t</DIV><p id=x>t</p>'.repeat(30);
    expect(limitNesting(siblings, 2).dropped).toBe(0);
    expect(limitNesting(nest('<SPAN title="a/b">', "</span>", 8), 4).dropped).toBe(8);
  });

  it("ignores text that only looks like a tag start", () => {
    const text = `<div>${"a < b, 3<4, <!-- c --> <1> ".repeat(40)}</div>`;
    expect(limitNesting(text, 1).dropped).toBe(0);
  });
});
