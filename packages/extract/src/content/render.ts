/**
 * The clean tree three ways: HTML (escaped, allow-listed attributes only), plain text (blocks
 * separated by a blank line, list items and table rows by a line break) and Markdown.
 * The tree is at most a few dozen levels deep (see clean-tree.ts), so these recurse freely.
 */
import type { CleanElement, CleanNode } from "./clean-tree.js";
import { INLINES, VOIDS } from "./clean-tree.js";
import { collapseSpaces } from "./spaces.js";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/gu, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;",
  );
}

const HTML_BLOCKS = new Set([
  "blockquote",
  "dl",
  "dd",
  "dt",
  "figcaption",
  "figure",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  "table",
  "tr",
  "ul",
]);

export function toHtml(root: CleanElement): string {
  const out: string[] = [];
  const visit = (node: CleanNode) => {
    if (typeof node === "string") {
      out.push(escapeHtml(node));
      return;
    }
    if (node.tag !== "#root") {
      out.push(`<${node.tag}`);
      for (const [k, v] of node.attrs) out.push(` ${k}="${escapeHtml(v)}"`);
      out.push(">");
    }
    for (const child of node.children) visit(child);
    if (node.tag !== "#root" && !VOIDS.has(node.tag)) out.push(`</${node.tag}>`);
    if (HTML_BLOCKS.has(node.tag)) out.push("\n");
  };
  for (const child of root.children) {
    if (!isEmpty(child)) visit(child);
  }
  return out.join("").trim();
}

/** No text and no image: an empty paragraph left behind by a removed teaser, say. */
export function isEmpty(node: CleanNode): boolean {
  if (typeof node === "string") return node.trim() === "";
  if (node.tag === "img" || node.tag === "hr") return false;
  return node.children.every(isEmpty);
}

/** Collects text with pending separators, so blocks never get more than one blank line. */
class TextSink {
  /**
   * The pieces since the last chunk. Joined into one flat chunk every few thousand, so the many
   * small slices of a large body die young instead of all living (and being promoted to the old
   * generation, which is what grows the heap) until the end.
   */
  private parts: string[] = [];
  private readonly chunks: string[] = [];
  private pending = 0;
  private space = false;
  private started = false;

  text(value: string, raw = false): void {
    if (!raw) {
      if (/^\s/u.test(value)) this.space = true;
      value = collapseSpaces(value);
      const trimmed = value.trim();
      if (!trimmed) return;
      const trailing = value.endsWith(" ");
      this.flush();
      this.push(trimmed);
      this.space = trailing;
      return;
    }
    if (!value) return;
    this.flush();
    this.push(value);
    this.space = false;
  }

  /** 0: a word space, 1: a line break, 2: a blank line. */
  brk(level: 0 | 1 | 2): void {
    if (level === 0) this.space = true;
    else this.pending = Math.max(this.pending, level);
  }

  private flush(): void {
    if (this.started) {
      if (this.pending > 0) this.push(this.pending === 2 ? "\n\n" : "\n");
      else if (this.space) this.push(" ");
    }
    this.pending = 0;
    this.space = false;
    this.started = true;
  }

  private push(piece: string): void {
    this.parts.push(piece);
    if (this.parts.length >= 4096) {
      this.chunks.push(this.parts.join(""));
      this.parts = [];
    }
  }

  toString(): string {
    this.chunks.push(this.parts.join(""));
    this.parts = [];
    return this.chunks.join("");
  }
}

const TEXT_BLOCK2 = new Set([
  "p",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "pre",
  "blockquote",
  "figure",
  "table",
  "ul",
  "ol",
  "dl",
  "hr",
]);
const TEXT_BLOCK1 = new Set(["li", "tr", "dt", "dd", "figcaption", "caption", "br"]);

export function toText(root: CleanElement): string {
  const sink = new TextSink();
  const visit = (node: CleanNode, pre: boolean) => {
    if (typeof node === "string") {
      sink.text(node, pre);
      return;
    }
    // Captions are kept in HTML, Markdown and `images`, but the running text is the article's.
    if (node.tag === "figcaption" || node.tag === "caption") return;
    const level = TEXT_BLOCK2.has(node.tag) ? 2 : TEXT_BLOCK1.has(node.tag) ? 1 : 0;
    if (level) sink.brk(level);
    if (node.tag === "td" || node.tag === "th") sink.brk(0);
    for (const child of node.children) visit(child, pre || node.tag === "pre");
    if (level) sink.brk(level);
    if (node.tag === "td" || node.tag === "th") sink.brk(0);
  };
  visit(root, false);
  return sink.toString().trim();
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/gu, "\\$1");
}

function inlineMarkdown(nodes: readonly CleanNode[]): string {
  const out: string[] = [];
  for (const node of nodes) {
    if (typeof node === "string") {
      out.push(escapeMarkdown(collapseSpaces(node)));
      continue;
    }
    const inner = () => inlineMarkdown(node.children).trim();
    switch (node.tag) {
      case "br":
        out.push("  \n");
        break;
      case "img": {
        const src = attrOf(node, "src");
        if (src) out.push(`![${escapeMarkdown(attrOf(node, "alt") ?? "")}](${src})`);
        break;
      }
      case "a": {
        const text = inner();
        const href = attrOf(node, "href");
        out.push(text && href ? `[${text}](${href})` : text);
        break;
      }
      case "em":
      case "i":
      case "cite": {
        const text = inner();
        if (text) out.push(`*${text}*`);
        break;
      }
      case "strong":
      case "b": {
        const text = inner();
        if (text) out.push(`**${text}**`);
        break;
      }
      case "code":
      case "kbd":
      case "samp": {
        const text = plain(node);
        if (text) out.push(`\`${text.replace(/`/gu, "\u02cb")}\``);
        break;
      }
      case "del":
      case "s": {
        const text = inner();
        if (text) out.push(`~~${text}~~`);
        break;
      }
      default:
        // A block that ended up inside inline content: keep its words.
        out.push(inlineMarkdown(node.children));
    }
  }
  return out.join("");
}

function attrOf(node: CleanElement, name: string): string | null {
  for (const [k, v] of node.attrs) if (k === name) return v;
  return null;
}

function plain(node: CleanNode): string {
  if (typeof node === "string") return node;
  return node.children.map(plain).join("");
}

/** Blocks of Markdown for a container's children; runs of inline children make a paragraph. */
function blocksMarkdown(children: readonly CleanNode[]): string[] {
  const blocks: string[] = [];
  let run: CleanNode[] = [];
  const flush = () => {
    const text = inlineMarkdown(run).trim();
    if (text) blocks.push(text);
    run = [];
  };
  for (const child of children) {
    if (typeof child === "string" || INLINES.has(child.tag)) {
      run.push(child);
      continue;
    }
    flush();
    const md = blockMarkdown(child);
    if (md) blocks.push(md);
  }
  flush();
  return blocks;
}

function blockMarkdown(node: CleanElement): string {
  switch (node.tag) {
    case "p":
    case "figcaption":
    case "caption":
    case "dt":
      return blocksMarkdown(node.children).join("\n\n");
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6": {
      const text = collapseSpaces(inlineMarkdown(node.children)).trim();
      return text ? `${"#".repeat(Number(node.tag[1]))} ${text}` : "";
    }
    case "hr":
      return "---";
    case "pre": {
      const code = plain(node).replace(/\n+$/u, "");
      const fence = code.includes("```") ? "~~~" : "```";
      return code.trim() ? `${fence}\n${code}\n${fence}` : "";
    }
    case "blockquote":
      return blocksMarkdown(node.children)
        .join("\n\n")
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "ul":
    case "ol": {
      const items: string[] = [];
      let n = 1;
      for (const child of node.children) {
        if (typeof child === "string" || child.tag !== "li") continue;
        const body = blocksMarkdown(child.children).join("\n\n");
        if (!body) continue;
        const marker = node.tag === "ol" ? `${n++}. ` : "- ";
        const pad = " ".repeat(marker.length);
        items.push(marker + body.split("\n").join(`\n${pad}`));
      }
      return items.join("\n");
    }
    case "table":
      return tableMarkdown(node);
    default:
      return blocksMarkdown(node.children).join("\n\n");
  }
}

function tableMarkdown(table: CleanElement): string {
  const rows: string[][] = [];
  const collect = (node: CleanElement) => {
    for (const child of node.children) {
      if (typeof child === "string") continue;
      if (child.tag === "tr") {
        const cells = child.children
          .filter(
            (c): c is CleanElement => typeof c !== "string" && (c.tag === "td" || c.tag === "th"),
          )
          .map((c) => collapseSpaces(inlineMarkdown(c.children)).replace(/\|/gu, "\\|").trim());
        if (cells.some((c) => c)) rows.push(cells);
      } else if (child.tag === "thead" || child.tag === "tbody" || child.tag === "tfoot") {
        collect(child);
      }
    }
  };
  collect(table);
  if (rows.length === 0) return "";
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => r[i] ?? "").join(" | ")} |`;
  const [head, ...rest] = rows;
  return [line(head ?? []), `|${" --- |".repeat(width)}`, ...rest.map(line)].join("\n");
}

export function toMarkdown(root: CleanElement): string {
  return blocksMarkdown(root.children).join("\n\n").trim();
}
