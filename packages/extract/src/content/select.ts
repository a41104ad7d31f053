/**
 * Picks the element that holds the article, then the siblings that continue it (bodies split
 * by ad slots or "read more" wrappers). Readability's plan, with two changes: a candidate that
 * holds only part of the page's paragraph text climbs to the ancestor that gathers it, and
 * sibling paragraphs are judged by their own text rather than their score alone.
 */

import type { PageStats } from "./analyze.js";
import { classWeight } from "./boilerplate.js";
import type { DomElement } from "./dom.js";

export interface Selection {
  /** Indices into `stats.els`, in document order; empty when nothing looks like an article. */
  readonly roots: readonly number[];
}

const TOP_N = 5;

export function selectContent(stats: PageStats): Selection {
  const score = stats.score();
  const { els, parent, para } = stats;
  const n = els.length;
  const top: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = score[i] as number;
    if (!Number.isFinite(s)) continue;
    let k = top.length;
    while (k > 0 && s > (score[top[k - 1] as number] as number)) k--;
    if (k < TOP_N) {
      top.splice(k, 0, i);
      if (top.length > TOP_N) top.pop();
    }
  }
  // Among the leaders, a wordy winner beats a thin one that only won on its class name
  // (`<div class="footer_content">` with an address in it).
  // Links count against the mass twice over: teaser excerpts are wordy but link-led.
  const mass = (i: number) => (stats.text[i] as number) * (1 - stats.linkDensity(i)) ** 2;
  const heaviest = Math.max(0, ...top.map(mass));
  let best = top.find((i) => mass(i) >= 0.4 * heaviest) ?? top[0];
  if (best === undefined) return { roots: [] };
  const topScore = score[best] as number;

  const total = stats.totalPara();
  // Climb while the candidate holds too little of the page's paragraph text and an ancestor
  // gathers much more of it without taking on a lot of links.
  for (let guard = 0; guard < 50; guard++) {
    const p = parent[best] as number;
    if (p < 0) break;
    const pe = els[p] as DomElement;
    if (pe.name === "body" || pe.name === "html") break;
    const mine = para[best] as number;
    const theirs = para[p] as number;
    const gain = theirs - mine;
    if (gain <= 0) {
      // Same paragraphs: climb only through wrappers that add nothing (no score loss).
      const wrapper = (stats.text[p] as number) <= (stats.text[best] as number) * 1.1 + 20;
      if (
        wrapper ||
        ((score[p] as number) >= (score[best] as number) * 0.9 && stats.linkDensity(p) < 0.3)
      ) {
        best = p;
        continue;
      }
      break;
    }
    // What climbing would add must itself read like the article: mostly paragraphs, few links
    // (not a sidebar of teasers that happens to hold many short excerpts).
    const addedText = (stats.text[p] as number) - (stats.text[best] as number);
    const addedLinks = (stats.link[p] as number) - (stats.link[best] as number);
    const addedProse = addedText > 0 && gain >= 0.6 * addedText && addedLinks < 0.2 * addedText;
    if (mine < 0.6 * total && gain >= 0.25 * mine && addedProse && stats.linkDensity(p) < 0.35) {
      best = p;
      continue;
    }
    break;
  }

  const threshold = Math.max(10, topScore * 0.2);
  const bestEl = els[best] as DomElement;
  const bestClass = bestEl.attribs.class ?? "";
  const roots: number[] = [];
  const p = parent[best] as number;
  const siblings = p >= 0 ? childElements(stats, p) : [best];
  for (const s of siblings) {
    if (stats.dropped[s]) continue;
    // A sibling holding several other stories (nested <article>s, linked headings) is a
    // "you may also like" block, however high its own paragraphs score.
    if (s !== best && (stats.teasers[s] as number) >= 2) continue;
    if (s === best) {
      roots.push(s);
      continue;
    }
    const el = els[s] as DomElement;
    let bonus = 0;
    if (bestClass && el.attribs.class === bestClass) bonus = topScore * 0.2;
    const ss = score[s] as number;
    // A continuation reads like the article: few links (teaser lists run at 0.2 and more).
    if (
      Number.isFinite(ss) &&
      ss + bonus >= threshold &&
      classWeight(el) >= 0 &&
      stats.linkDensity(s) < 0.15
    ) {
      roots.push(s);
      continue;
    }
    if (
      el.name === "p" ||
      el.name === "blockquote" ||
      el.name === "pre" ||
      el.name === "ul" ||
      el.name === "ol"
    ) {
      const t = stats.text[s] as number;
      const ld = stats.linkDensity(s);
      if ((t > 80 && ld < 0.25) || (t > 0 && t <= 80 && ld === 0 && sentenceLike(stats, s))) {
        roots.push(s);
      }
    }
  }
  return { roots };
}

function childElements(stats: PageStats, p: number): number[] {
  return stats.childIndices(p);
}

function sentenceLike(stats: PageStats, i: number): boolean {
  const el = stats.els[i] as DomElement;
  let last = "";
  for (const child of el.children) {
    if (child.type === "text") last = (child as unknown as { data: string }).data.trim() || last;
  }
  return /[.!?。！？]$/u.test(last);
}
