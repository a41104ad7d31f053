/**
 * A loopback news site whose pages each carry known structured-data errors: one page per rule of
 * the audit (and a few with several), with the findings the report must list for it, exactly.
 * Names, sites and stories are invented.
 */
import {
  answer,
  type Route,
  startServer,
  type TestServer,
} from "../../../test/support/route-server.js";

type Json = Record<string, unknown>;

export interface SitePage {
  /** Path on the site, e.g. `/news/ferry-returns`. */
  readonly path: string;
  /** Findings the report must list for the page: `rule source[item] path`. */
  readonly expected: readonly string[];
  readonly html: (origin: string) => string;
  /** Served with this status instead of 200. */
  readonly status?: number;
}

const HEADLINE = "Ferry returns to the harbour after two years";
const DESCRIPTION = "The island ferry sailed again this morning, two years after it was laid up.";
const PUBLISHED = "2024-05-02T08:00:00+02:00";
const MODIFIED = "2024-05-02T11:30:00+02:00";

interface PageParts {
  /** The article node of the JSON-LD, before any change. */
  article: Json;
  /** More JSON-LD blocks, as written (text, so that broken JSON can be served). */
  extraBlocks: string[];
  /** Replace the article block's text entirely. */
  articleBlock?: string | null;
  headline: string;
  byline: string | null;
  time: string | null;
  description: string | null;
  ogImage: string | null;
  /** Extra HTML at the end of the article (microdata, RDFa). */
  extraBody: string;
}

function basePage(origin: string, path: string): PageParts {
  const url = `${origin}${path}`;
  return {
    article: {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      "@id": `${url}#article`,
      mainEntityOfPage: url,
      headline: HEADLINE,
      description: DESCRIPTION,
      datePublished: PUBLISHED,
      dateModified: MODIFIED,
      image: {
        "@type": "ImageObject",
        url: `${origin}/img/ferry-lead.jpg`,
        width: { "@type": "QuantitativeValue", value: 1200, unitCode: "E37" },
        height: { "@type": "QuantitativeValue", value: 675, unitCode: "E37" },
      },
      author: { "@type": "Person", name: "Ann Lee", url: `${origin}/authors/ann-lee` },
      publisher: { "@type": "NewsMediaOrganization", name: "Harbour Times", url: `${origin}/` },
    },
    extraBlocks: [],
    headline: HEADLINE,
    byline: `By <a rel="author" href="/authors/ann-lee">Ann Lee</a>`,
    time: `<time datetime="${PUBLISHED}">2 May 2024</time>`,
    description: DESCRIPTION,
    ogImage: `${origin}/img/ferry-lead.jpg`,
    extraBody: "",
  };
}

function render(p: PageParts): string {
  const blocks = [
    p.articleBlock === undefined ? JSON.stringify(p.article, null, 1) : p.articleBlock,
    ...p.extraBlocks,
  ].filter((b): b is string => b !== null);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${p.headline} | Harbour Times</title>
${p.description === null ? "" : `<meta name="description" content="${p.description}">`}
${p.ogImage === null ? "" : `<meta property="og:image" content="${p.ogImage}">`}
${blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join("\n")}
</head>
<body>
<nav><a href="/">Harbour Times</a> <a href="/news/">News</a></nav>
<article>
<h1>${p.headline}</h1>
${p.byline === null ? "" : `<p class="byline">${p.byline}</p>`}
${p.time ?? ""}
<p>The ferry that links the island to the mainland sailed again this morning after two years out of service, and the quay was full of people who came to watch it arrive.</p>
<p>Its owners say the timetable will be the same as before, with six crossings a day in summer and four in winter, and that tickets cost what they did.</p>
<p>The harbour master said the new engines had passed every test and that the crew had trained on the crossing for a month.</p>
${p.extraBody}
</article>
<footer>© Harbour Times</footer>
</body>
</html>
`;
}

/** A page: the clean article with `change` applied, and what the audit must find on it. */
function page(
  path: string,
  expected: readonly string[],
  change: (p: PageParts, origin: string, url: string) => void = () => {},
): SitePage {
  return {
    path,
    expected,
    html: (origin) => {
      const p = basePage(origin, path);
      change(p, origin, `${origin}${path}`);
      return render(p);
    },
  };
}

const set = (key: string, value: unknown) => (p: PageParts) => {
  p.article[key] = value;
};
const drop = (key: string) => (p: PageParts) => {
  delete p.article[key];
};
const author = (value: unknown) => set("author", value);
const block = (text: string) => (p: PageParts) => {
  p.extraBlocks.push(text);
};
const imageSize = (width: number, height: number) => (p: PageParts, origin: string) => {
  p.article.image = {
    "@type": "ImageObject",
    url: `${origin}/img/ferry-lead.jpg`,
    width: { "@type": "QuantitativeValue", value: width },
    height: { "@type": "QuantitativeValue", value: height },
  };
};
const noByline = (p: PageParts) => {
  p.byline = null;
};
const both =
  (...changes: Array<(p: PageParts, origin: string, url: string) => void>) =>
  (p: PageParts, origin: string, url: string) => {
    for (const c of changes) c(p, origin, url);
  };

export const SITE: readonly SitePage[] = [
  page("/news/clean", []),
  // Syntax.
  page("/news/invalid-json", ["invalid-json jsonld[1] $"], block('{"@type": "Thing", }')),
  page("/news/invalid-jsonld", ["invalid-jsonld jsonld[1] $"], block("[1]")),
  page(
    "/news/missing-context",
    ["missing-context jsonld[1] $"],
    block('{"@type": "Thing", "name": "Quay"}'),
  ),
  page(
    "/news/foreign-context",
    ["foreign-context jsonld[1] $['@context']"],
    block('{"@context": "https://vocab.example/", "@type": "Boat"}'),
  ),
  page(
    "/news/http-context",
    ["http-context jsonld[0] $['@context']"],
    set("@context", "http://schema.org"),
  ),
  page(
    "/news/invalid-graph",
    ["invalid-graph jsonld[1] $['@graph']"],
    block('{"@context": "https://schema.org", "@graph": 5}'),
  ),
  page(
    "/news/graph-with-properties",
    ["graph-with-properties jsonld[1] $"],
    block(
      '{"@context": "https://schema.org", "@graph": [{"@type": "Thing", "name": "Quay"}], "name": "Pier"}',
    ),
  ),
  page("/news/invalid-keyword", ["invalid-keyword jsonld[0] $['@foo']"], set("@foo", 1)),
  page(
    "/news/invalid-type",
    ["invalid-type jsonld[1] $['@type']"],
    block('{"@context": "https://schema.org", "@type": 5, "name": "Quay"}'),
  ),
  page("/news/invalid-id", ["invalid-id jsonld[0] $['@id']"], set("@id", 5)),
  page(
    "/news/relative-id",
    ["relative-id jsonld[0] $['@id']"],
    set("@id", "/news/relative-id#article"),
  ),
  page("/news/dangling-id", ["dangling-id jsonld[0] $.publisher"], (p, origin) =>
    set("publisher", { "@id": `${origin}/#nobody` })(p),
  ),
  page(
    "/news/nested-array",
    ["nested-array jsonld[0] $.keywords[0]"],
    set("keywords", [["ferry", "harbour"]]),
  ),
  // Vocabulary.
  page(
    "/news/missing-type",
    ["missing-type jsonld[0] $.mentions"],
    set("mentions", { name: "Ferry" }),
  ),
  page(
    "/news/unknown-type",
    ["unknown-type jsonld[0] $.about['@type']"],
    set("about", { "@type": "Ferryboat", name: "Island ferry" }),
  ),
  page("/news/unknown-property", ["unknown-property jsonld[0] $.wordcount"], set("wordcount", 420)),
  page(
    "/news/superseded-property",
    ["superseded-property jsonld[0] $.awards"],
    set("awards", "Best ferry story"),
  ),
  page(
    "/news/property-not-applicable",
    ["property-not-applicable jsonld[0] $.jobTitle"],
    set("jobTitle", "Editor"),
  ),
  page(
    "/news/wrong-value-type",
    ["wrong-value-type jsonld[0] $.wordCount"],
    set("wordCount", true),
  ),
  page(
    "/news/text-for-node",
    ["text-for-node jsonld[0] $.publisher"],
    set("publisher", "Harbour Times"),
  ),
  page(
    "/news/number-for-quantity",
    ["number-for-quantity jsonld[0] $.image.width"],
    (p, origin) => {
      p.article.image = {
        "@type": "ImageObject",
        url: `${origin}/img/ferry-lead.jpg`,
        width: 1200,
        height: { "@type": "QuantitativeValue", value: 675 },
      };
    },
  ),
  page(
    "/news/null-value",
    ["null-value jsonld[0] $.alternativeHeadline"],
    set("alternativeHeadline", null),
  ),
  page("/news/empty-value", ["empty-value jsonld[0] $.articleSection"], set("articleSection", "")),
  page(
    "/news/url-not-absolute",
    ["url-not-absolute jsonld[0] $.url"],
    set("url", "news/url-not-absolute"),
  ),
  page(
    "/news/invalid-date",
    ["invalid-date jsonld[0] $.dateCreated"],
    set("dateCreated", "May 2, 2024"),
  ),
  page(
    "/news/invalid-time",
    ["invalid-time jsonld[1] $.opens"],
    block(
      '{"@context": "https://schema.org", "@type": "OpeningHoursSpecification", "opens": "nine"}',
    ),
  ),
  page("/news/invalid-number", ["invalid-number jsonld[0] $.wordCount"], set("wordCount", "many")),
  page(
    "/news/invalid-boolean",
    ["invalid-boolean jsonld[0] $.isAccessibleForFree"],
    set("isAccessibleForFree", "yes"),
  ),
  // Google's Article guidance.
  page("/news/headline-missing", ["headline-missing jsonld[0] $"], drop("headline")),
  page("/news/headline-too-long", ["headline-too-long jsonld[0] $.headline"], (p) => {
    const long = `${HEADLINE}, and the whole island came down to the quay to watch it come in again`;
    p.article.headline = long;
    p.headline = long;
  }),
  page("/news/image-missing", ["image-missing jsonld[0] $"], drop("image")),
  page(
    "/news/image-without-url",
    ["image-without-url jsonld[0] $.image"],
    set("image", { "@type": "ImageObject", caption: "The ferry" }),
  ),
  page(
    "/news/image-not-crawlable",
    ["image-not-crawlable jsonld[0] $.image"],
    both(set("image", "ftp://files.harbourtimes.example/ferry.jpg"), (p) => {
      p.ogImage = null;
    }),
  ),
  page("/news/image-too-small", ["image-too-small jsonld[0] $.image"], imageSize(200, 150)),
  page("/news/image-narrow", ["image-narrow jsonld[0] $.image"], imageSize(800, 600)),
  page(
    "/news/date-published-missing",
    ["date-published-missing jsonld[0] $"],
    drop("datePublished"),
  ),
  page("/news/date-modified-missing", ["date-modified-missing jsonld[0] $"], drop("dateModified")),
  page(
    "/news/date-imprecise",
    ["date-imprecise jsonld[0] $.dateModified"],
    set("dateModified", "2024-06"),
  ),
  page(
    "/news/date-without-time-zone",
    ["date-without-time-zone jsonld[0] $.dateModified"],
    set("dateModified", "2024-05-03T09:00:00"),
  ),
  page(
    "/news/modified-before-published",
    ["modified-before-published jsonld[0] $.dateModified"],
    set("dateModified", "2024-04-01T09:00:00+02:00"),
  ),
  page("/news/author-missing", ["author-missing jsonld[0] $"], drop("author")),
  page(
    "/news/author-not-a-node",
    ["text-for-node jsonld[0] $.author", "author-not-a-node jsonld[0] $.author"],
    author("Ann Lee"),
  ),
  page(
    "/news/author-wrong-type",
    ["wrong-value-type jsonld[0] $.author", "author-wrong-type jsonld[0] $.author"],
    author({ "@type": "Place", name: "Ann Lee" }),
  ),
  page("/news/author-name-missing", ["author-name-missing jsonld[0] $.author"], (p, origin) =>
    author({ "@type": "Person", url: `${origin}/authors/ann-lee` })(p),
  ),
  page(
    "/news/author-url-missing",
    ["author-url-missing jsonld[0] $.author"],
    author({ "@type": "Person", name: "Ann Lee" }),
  ),
  page(
    "/news/author-organization-as-person",
    ["author-organization-as-person jsonld[0] $.author"],
    both(
      author({ "@type": "Person", name: "Reuters", sameAs: "https://www.reuters.com/" }),
      noByline,
    ),
  ),
  page(
    "/news/author-name-empty",
    [
      "empty-value jsonld[0] $.author",
      "author-not-a-node jsonld[0] $.author",
      "author-name-empty jsonld[0] $.author",
    ],
    author(""),
  ),
  ...(
    [
      ["prefix", "By Ann Lee"],
      ["honorific", "Dr Ann Lee"],
      ["job-title", "Ann Lee, Senior Reporter"],
      ["date", "Ann Lee 2 May 2024"],
      ["multiple", "Ann Lee and Bob Stone"],
      ["contact", "Ann Lee ann@harbourtimes.example"],
      ["not-a-name", "Ann Lee 42"],
    ] as const
  ).map(([problem, name]) =>
    page(
      `/news/author-name-${problem}`,
      [`author-name-${problem} jsonld[0] $.author`],
      both(author({ "@type": "Person", name, sameAs: "https://social.example/annlee" }), noByline),
    ),
  ),
  // The markup against the page.
  page(
    "/news/markup-headline-differs",
    ["markup-headline-differs jsonld[0] $.headline"],
    set("headline", "Island ferry back in service"),
  ),
  page("/news/markup-author-differs", ["markup-author-differs jsonld[0] $.author"], (p, origin) =>
    author({ "@type": "Person", name: "Bob Stone", url: `${origin}/authors/bob-stone` })(p),
  ),
  page(
    "/news/markup-date-differs",
    ["markup-date-differs jsonld[0] $.datePublished"],
    both(
      set("datePublished", "2024-04-30T08:00:00+02:00"),
      set("dateModified", "2024-04-30T09:00:00+02:00"),
    ),
  ),
  page("/news/markup-image-differs", ["markup-image-differs jsonld[0] $.image"], (p, origin) => {
    (p.article.image as Json).url = `${origin}/img/old-harbour.jpg`;
  }),
  page(
    "/news/markup-description-differs",
    ["markup-description-differs jsonld[0] $.description"],
    set("description", "A ferry story from last year."),
  ),
  // The page as a whole.
  page("/news/no-structured-data", ["no-structured-data page $"], (p) => {
    p.articleBlock = null;
  }),
  page("/news/no-article-markup", ["no-article-markup page $"], (p) => {
    p.articleBlock = '{"@context": "https://schema.org", "@type": "WebPage", "name": "Ferry"}';
  }),
  {
    path: "/news/page-not-audited",
    expected: ["page-not-audited page $"],
    status: 404,
    html: () => "<!doctype html><title>Not found</title><h1>Not found</h1>",
  },
  // Microdata and RDFa Lite carry the article too; their own errors are found in them.
  page(
    "/blog/microdata-article",
    [
      "date-without-time-zone microdata[0] $.dateModified",
      "markup-headline-differs microdata[0] $.headline",
    ],
    (p, origin) => {
      p.articleBlock = null;
      p.extraBody = `<div itemscope itemtype="https://schema.org/BlogPosting">
<meta itemprop="headline" content="An older headline">
<meta itemprop="datePublished" content="${PUBLISHED}">
<meta itemprop="dateModified" content="2024-05-02T12:00:00">
<div itemprop="image" itemscope itemtype="https://schema.org/ImageObject"><meta itemprop="url" content="${origin}/img/ferry-lead.jpg"><meta itemprop="width" content="1200"><meta itemprop="height" content="675"></div>
<div itemprop="author" itemscope itemtype="https://schema.org/Person"><meta itemprop="name" content="Ann Lee"><link itemprop="url" href="/authors/ann-lee"></div>
</div>`;
    },
  ),
  page(
    "/blog/rdfa-article",
    ["unknown-property rdfa[0] $.writer", "author-missing rdfa[0] $"],
    (p, origin) => {
      p.articleBlock = null;
      p.extraBody = `<div vocab="https://schema.org/" typeof="BlogPosting">
<meta property="headline" content="${HEADLINE}">
<meta property="datePublished" content="${PUBLISHED}">
<meta property="dateModified" content="${MODIFIED}">
<span property="image" typeof="ImageObject"><meta property="url" content="${origin}/img/ferry-lead.jpg"><meta property="width" content="1200"><meta property="height" content="675"></span>
<span property="writer" typeof="Person"><meta property="name" content="Ann Lee"></span>
</div>`;
    },
  ),
];

export interface TestSite {
  readonly server: TestServer;
  readonly urls: readonly string[];
  /** Expected findings by page URL. */
  readonly expected: ReadonlyMap<string, readonly string[]>;
  close(): Promise<void>;
}

/** Serves SITE on a loopback port (with a permissive robots.txt). */
export async function startSite(pages: readonly SitePage[] = SITE): Promise<TestSite> {
  let origin = "";
  const routes: Record<string, Route> = {
    "/robots.txt": answer(200, { "Content-Type": "text/plain" }, "User-agent: *\nAllow: /\n"),
    // Every page but the last, so that a test can tell the sitemap's pages from the list's.
    "/sitemap.xml": (req, res) => {
      const urls = pages
        .slice(0, -1)
        .map((p) => `<url><loc>${origin}${p.path}</loc></url>`)
        .join("");
      answer(
        200,
        { "Content-Type": "application/xml" },
        `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`,
      )(req, res);
    },
  };
  for (const p of pages) {
    routes[p.path] = (req, res) => {
      answer(
        p.status ?? 200,
        { "Content-Type": "text/html; charset=utf-8" },
        p.html(origin),
      )(req, res);
    };
  }
  const server = await startServer(routes);
  origin = server.origin;
  return {
    server,
    urls: pages.map((p) => `${origin}${p.path}`),
    expected: new Map(pages.map((p) => [`${origin}${p.path}`, p.expected])),
    close: () => server.close(),
  };
}
