/**
 * A large article page written for `pnpm bench memory`: a news page (head with Open Graph and
 * JSON-LD, navigation, headline, byline, a sidebar, related links, footer) whose article body is
 * paragraphs of prose with links, emphasis, subheadings, figures and lists, repeated until the
 * page is `bytes` long. Deterministic (a seeded generator), so every run measures the same page.
 */

const WORDS =
  "the council said on tuesday that a new plan for the harbour would cost more than expected, and residents who live near the water asked how long the work would take before the ferry service could run again while engineers from the city reviewed the old reports".split(
    " ",
  );

/** A small linear congruential generator: the same sequence on every machine. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

export function bigArticlePage(bytes: number, seed = 20): string {
  const random = seeded(seed);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)] as string;
  const sentence = (n: number) => {
    const words = Array.from({ length: n }, pick);
    const first = words[0] as string;
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return `${words.join(" ")}.`;
  };
  const head = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour plan costs rise, council says | The Example Gazette</title>
<meta property="og:title" content="Harbour plan costs rise, council says">
<meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2026-03-04T09:30:00Z">
<meta name="author" content="Jane Doe">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour plan costs rise, council says","datePublished":"2026-03-04T09:30:00Z","author":{"@type":"Person","name":"Jane Doe"},"publisher":{"@type":"Organization","name":"The Example Gazette"}}</script>
<script>window.dataLayer=[];function track(){return 1}</script>
<style>body{font-family:serif}.nav a{margin:0 1em}</style>
</head><body>
<header class="site-header"><nav class="nav"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/travel">Travel</a></nav></header>
<main><article class="post">
<h1>Harbour plan costs rise, council says</h1>
<p class="byline">By <a href="/staff/jane-doe" rel="author">Jane Doe</a></p>
<time datetime="2026-03-04T09:30:00Z">March 4, 2026</time>
<div class="article-body" itemprop="articleBody">
`;
  const tail = `</div>
<footer class="article-footer"><p>Jane Doe covers the city for the Gazette.</p></footer>
</article>
<aside class="sidebar"><h2>Most read</h2><ul><li><a href="/a">Story one</a></li><li><a href="/b">Story two</a></li></ul></aside>
</main>
<footer class="site-footer"><p>© 2026 The Example Gazette</p><a href="/privacy">Privacy</a></footer>
</body></html>
`;
  const parts: string[] = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < bytes; i++) {
    let block: string;
    if (i % 40 === 39) block = `<h2>${sentence(5)}</h2>\n`;
    else if (i % 97 === 96)
      block = `<figure><img src="/images/${i}.jpg" alt="${sentence(4)}" width="800" height="450"><figcaption>${sentence(9)}</figcaption></figure>\n`;
    else if (i % 61 === 60)
      block = `<ul>${Array.from({ length: 4 }, () => `<li>${sentence(8)}</li>`).join("")}</ul>\n`;
    else
      block = `<p>${sentence(12)} ${sentence(9)} <a href="/news/${i}">${sentence(4)}</a> ${sentence(14)} <em>${sentence(3)}</em> ${sentence(10)}</p>\n`;
    parts.push(block);
    length += block.length;
  }
  parts.push(tail);
  return parts.join("");
}
