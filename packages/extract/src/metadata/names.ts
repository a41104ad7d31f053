/**
 * Cleaning a byline into person names: "By Jane Doe, Senior Editor | March 3, 2019" → ["Jane Doe"];
 * "A, B & C" → three names. Rejects words that are not people ("admin", "Staff", the site's name).
 */
import {
  BYLINE_PARTICLES,
  BYLINE_VERBS,
  BYLINE_WORDS,
  NEWS_AGENCY_BYLINES,
  NEWS_AGENCY_NAMES,
} from "@vellum/model";
import { fold } from "../structured/normalize.js";
import { MONTH_TAIL } from "./dates.js";

/**
 * The byline words are @vellum/model's, shared with schema's validator; this rule strips more:
 * the verbs and nouns of a credit line, German "vom", Italian and Portuguese "da", Polish "przez",
 * Russian "автор…", and labels ("Author:", "Text:"). Not "door" after a verb: no Dutch verbs here.
 */
const CREDIT_NOUNS = [
  "published",
  "illustrations?",
  "graphics?",
  "video",
  "edited",
  "compiled",
  "pressemitteilung",
  "gastbeitrag",
  "beitrag",
  "kommentar",
  "kolumne",
  "essay",
  "rede",
  "column",
  "guest post",
  "op-ed",
];
const PREFIX = new RegExp(
  `^(?:(?:${[...BYLINE_VERBS, ...CREDIT_NOUNS].join("|")})\\s+(?:${BYLINE_WORDS.filter((w) => w !== "door").join("|")})\\b|interview\\s*:|${[...BYLINE_WORDS, ...BYLINE_PARTICLES, "vom", "da", "przez"].map((w) => `${w}\\b`).join("|")}|автор\\w*|texte?\\b|text\\s+und\\s+fotos?\\b|author\\b|auteur\\b|autor(?:in)?\\b|redakteur(?:in)?\\b|reporter\\b|posted\\b|from\\b)\\s*[:\\-–—]?\\s*`,
  "iu",
);

/** Words that make a segment a job title or a role, not a name. */
const ROLE =
  /\b(?:writer|editor|editors|reporter|correspondent|columnist|contributor|contributing|staff|senior|producer|journalist|redakteur(?:in)?|redaktion|redaktor|chief|analyst|photographer|director|manager|founder|ceo|president|professor|fellow|intern|critic|anchor|host|bureau|desk|team|news\s*room|newsroom|correspondente|rédaction|redacción|redazione|guest|freelance|specialist|author|executive|associate|assistant|deputy|head|lead|officer|student|researcher|scientist|consultant|expert|coordinator|strategist|reviewer|contributors)\b/iu;

/** Whole strings that are never a person. */
const NOT_A_PERSON =
  /^(?:admin|administrator|administrador|staff|editor|editors|the editors|editorial|editorial staff|editorial board|redaktion|red|redazione|rédaction|redacción|newsroom|web desk|webmaster|guest|anonymous|unknown|null|undefined|none|author|publisher|team|user|root|support|system|[a-z]*admin)$/iu;

/** Credits to the wire that name no agency. */
const WIRE_CREDITS = [
  "staff and wire reports",
  "wire reports",
  "news service",
  "agencies",
  "news agencies",
  "wires",
  "wire services",
];

/** Wire services and newsrooms: an organisation that wrote the piece. */
export const ORGANIZATION_AUTHOR = new RegExp(
  `^(?:${[...NEWS_AGENCY_NAMES, ...NEWS_AGENCY_BYLINES, ...WIRE_CREDITS].join("|")})$`,
  "iu",
);

/** Where the credits for pictures start inside a byline. */
const CREDIT_TAIL =
  /\s(?:illustrations?|illustriert|fotos?|photos?|photographs?|photography|bilder?|grafiken?|graphics?|kamera|video)\s+(?:von|by|de|par|por|:).*$/iu;

export interface NameOptions {
  /** The site's name; a byline that is just the site is an organisation, not a person. */
  readonly siteName?: string | null;
}

/** Splits and cleans one raw byline; returns the person names in order, deduplicated. */
export function splitNames(raw: string, options: NameOptions = {}): string[] {
  let s = raw
    // Soft hyphens ("Mat\u00adthi\u00adas") are hyphenation hints, not letters of the name.
    .replace(/\u00ad/g, "")
    .replace(/^\s*(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or)(?=\p{Lu}\p{Ll})/u, " ")
    .replace(/\s+/g, " ")
    .replace(/\S+@\S+\.\w+/g, " ")
    // "(Vereinssprecher)", "(@jdoe)": a role or handle in brackets is not part of the name.
    .replace(/\s*\([^()]{1,60}\)/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .trim();
  // "Text & Fotos: Ivan Roe" credits one person twice; the "&" is not between two names.
  s = s.replace(
    /^(?:text|texte|words)\s*(?:&|\+|\/|und|and|et)\s*(?:fotos?|photos?|bilder)\s*:?\s*/iu,
    "",
  );
  // "Text von A  Illustration von B", "By A Photographs by B": the credits after the writer's
  // belong to the pictures; "A im Gespräch mit B" names two people.
  s = s
    .replace(CREDIT_TAIL, "")
    .replace(
      /\s(?:im gespräch mit|in conversation with|im interview mit|in an interview with)\s/iu,
      ", ",
    );
  // Everything after a date, a time or a pipe is not the byline any more.
  s = s.split(/\s[|•·]\s|\s[|•·]|\n|\s{2,}|(?:\s[-–—]\s(?=.*\d))/u)[0] ?? "";
  s = s.replace(
    /\s(?:updated|published|posted|aktualisiert|veröffentlicht|publiziert|erschienen|mis à jour|publié|actualizado|publicado|stand|zuletzt|last)\b.*$/iu,
    "",
  );
  // "on Monday, March 3": a weekday word starts the date; whole words only, and a digit must
  // follow, so "Monika Gruber", "Fritz Kuhn" and "Sundar Pichai" keep their names.
  s = s.replace(
    /\b(?:on\s+)?(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?\s(?=.*\d).*$/iu,
    "",
  );
  // A number starts a date or a count ("3 hours ago"); glued to a word it is part of a handle
  // ("kestrel1987") unless it is a date ("Muster14.05.2018").
  // All three need a digit; most bylines have none, and MONTH_TAIL's long Unicode alternation
  // is costly to try at every position.
  if (/\d/.test(s))
    s = s
      .replace(MONTH_TAIL, "")
      .replace(/(?<=\p{L})\d{1,2}[./]\d{1,2}[./]\d{2,4}.*$/u, "")
      .replace(/(?:^|\s)\d.*$/u, "");
  const siteFold = options.siteName ? fold(options.siteName) : null;
  // "Harbour Times, Kiel, Germany": after the site's own name come its town and country.
  if (siteFold && s.includes(",") && fold(s.slice(0, s.indexOf(","))) === siteFold) return [];
  const names: string[] = [];
  for (const part0 of s.split(
    // "u/jdoe" is one handle (a forum's user prefix), "A / B" two names.
    /\s*(?:;|,|&|\+|(?<!(?:^|\s)\p{Ll})\/|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b|\boch\b|\bog\b|\bи\b)\s*/iu,
  )) {
    let part = part0.trim();
    for (let i = 0; i < 3; i++) part = part.replace(PREFIX, "").trim();
    part = part
      .replace(/^[\s"'“”‘’()[\]:\-–—.·|]+|[\s"'“”‘’()[\]:\-–—·|]+$/gu, "")
      .replace(/\s+(?:for|für|pour|para|per|at|in|of)\s+.*$/iu, "")
      .trim();
    if (!part) continue;
    if (!looksLikeName(part)) continue;
    const f = fold(part);
    if (siteFold && (f === siteFold || siteFold.startsWith(f) || f.startsWith(siteFold))) continue;
    if (names.some((n) => fold(n) === f)) continue;
    names.push(part);
  }
  return names;
}

/**
 * "Uta Weber, Leiterin der Abteilung": one comma and no "und"/"and"/"&" between names puts a job
 * title after the name, not a second author ("A, B und C" still lists three people).
 */
export function splitJobTitle(text: string): { text: string; jobTitle: string | null } {
  const parts = text.split(",");
  if (parts.length !== 2 || /[&;+/]|\s(?:und|and|et|y|e|en|i|och|og)(?:\s|$)/iu.test(text))
    return { text, jobTitle: null };
  const title = (parts[1] ?? "").trim();
  if (!title || title.split(/\s+/).length > 6 || /\d/.test(title) || !isJobTitle(title))
    return { text, jobTitle: null };
  return { text: (parts[0] ?? "").trim(), jobTitle: title };
}

/** "Daniel Braun, Ada Roth" lists two people; a title says what one does or is. */
function isJobTitle(s: string): boolean {
  if (ROLE.test(s) || JOB_WORD.test(s)) return true;
  // A lower-case word that is no name particle: "Gärtnerin aus Passion", "head of sales".
  return s.split(/\s+/).some((w) => /^\p{Ll}/u.test(w) && !PARTICLE.test(w));
}

/** Job words also inside a compound ("Projektleiterin", "Pressesprecher"). */
const JOB_WORD =
  /(?:leiter|berater|referent|sprecher|vorsitzende|direktor|präsident|mitarbeiter|beauftragte|koordinator|redakteur|journalist|professor|manager|autor)(?:in|innen)?(?![\p{L}])/iu;

/** Words that never stand in a person's name: social links, UI labels, months, categories. */
const STOP_WORDS = new Set(
  (
    "facebook twitter youtube instagram linkedin pinterest whatsapp tiktok xing email e-mail mail rss follow share teilen " +
    "contact kontakt more mehr people uncategorized allgemein send comment comments kommentar kommentare reply login " +
    "register subscribe abonnieren newsletter home startseite menu search suche news blog posts articles artikel " +
    "january february march september october november december januar februar märz " +
    "oktober dezember monday tuesday wednesday thursday friday saturday sunday today heute yesterday gestern " +
    "read lesen view all alle zur zum the protected protegido geschützt click hier here cookie " +
    "cookies privacy datenschutz impressum imprint about über photo foto image bild video audio podcast " +
    "bio see full veröffentlicht publiziert aktualisiert erschienen published updated posted beitrag profile profil tests kategorie category " +
    "sponsored gesponsert anzeige advertorial werbung"
  ).split(" "),
);

const MONTH_ABBR =
  /^(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|okt|dez|mai|vor|am|on)\.?$/i;

/** Lower-case words inside a name: "Greta von der Aue", "Ana de la Cruz", "Omar bin Said". */
export const PARTICLE = /^(?:van|von|de|der|den|da|del|di|la|le|du|ten|ter|y|al|el|bin|ibn)$/;

/** A name is 1–5 words, mostly letters, not a role and not a stop word. */
export function looksLikeName(s: string): boolean {
  if (s.length < 2 || s.length > 60) return false;
  if (NOT_A_PERSON.test(s) || ORGANIZATION_AUTHOR.test(s)) return false;
  if (ROLE.test(s)) return false;
  // "Interview mit Jane Roe" names whom the piece is about.
  if (
    /^(?:interview|gespräch|conversation|entrevista|entretien)\s+(?:mit|with|con|avec)\s/iu.test(s)
  )
    return false;
  // A colon or a quotation mark belongs to a headline or a label ("Held: Brand in …"), not a name.
  if (/[<>{}=@#?!:"“”„]/u.test(s)) return false;
  // Digits only in a one-word handle ("orbit42"), never in a written name.
  if (/\d/u.test(s) && (/\s/u.test(s) || !/^\p{L}[\p{L}\d._/-]*$/u.test(s))) return false;
  const words = s.split(/\s+/);
  if (words.length > 5) return false;
  if (words.length === 1 && MONTH_ABBR.test(s)) return false;
  // A lone initial ("V."), domains ("example.de") and companies are not a person's name.
  if (/^\p{L}\.?$/u.test(s)) return false;
  if (/^[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2}|com|net|org|info|biz)$/i.test(s)) return false;
  if (/\b(?:gmbh|ag|ltd|inc|llc|e\.\s?v|s\.a|corp)\b\.?(?:$|\s)/i.test(s)) return false;
  if (/\s(?:eG|KG|SE|UG|OHG|GbR|PLC|plc|S\.L|SpA|BV|NV|AB|ASA|Oy)\.?$/u.test(s)) return false;
  // An institution's name, however capitalised, is not a person's.
  if (
    /(?:stiftung|verband|verlag|institut|universität|ministerium|gesellschaft|zeitung|illustrierte|magazin)(?:$|[\s-])|\b(?:university|foundation|association|institute|ministry|magazine|online)\b/i.test(
      s,
    )
  )
    return false;
  // "Bund der Obstbauern", "Verein für Ortsgeschichte": a body named for its members.
  if (/^(?:bund|verein|kammer|amt|haus|rat)\s+(?:der|des|für|deutscher)\b/iu.test(s)) return false;
  if (words.some((w) => STOP_WORDS.has(w.toLowerCase().replace(/[.,:;!?]+$/, "")))) return false;
  // "deinen Gartenfreunden": a lower-case word before capitalised ones is a phrase; a name
  // starts so only with a particle ("van der Berg"), a written-small name is small throughout.
  const first = words[0] ?? "";
  if (
    /^\p{Ll}+$/u.test(first) &&
    !PARTICLE.test(first) &&
    words.slice(1).some((w) => /^\p{Lu}/u.test(w))
  )
    return false;
  // "couvre la mairie.": several words, none capitalised, are a phrase; a name written small is
  // a one-word handle ("kestrel1987").
  if (words.length > 1 && !/\p{Lu}/u.test(s)) return false;
  return /\p{L}/u.test(s);
}

/** True when the whole byline is an organisation that wrote the piece (a wire service). */
export function isOrganizationByline(raw: string): boolean {
  const s = raw.replace(PREFIX, "").trim();
  return ORGANIZATION_AUTHOR.test(s);
}

/** The same person: equal folded names, or one the other plus a middle name or initial. */
export function sameName(a: string, b: string): boolean {
  const fa = fold(a.replace(PREFIX, ""));
  const fb = fold(b.replace(PREFIX, ""));
  if (!fa || !fb) return false;
  if (fa === fb) return true;
  const ta = fa.split(" ");
  const tb = fb.split(" ");
  return ta[0] === tb[0] && ta[ta.length - 1] === tb[tb.length - 1];
}

/** Words that make a byline a newsroom ("Metro Staff", "Redaktion Kultur", "Sports-Team"). */
const NEWSROOM =
  /(?:^|[\s-])(?:staff|staff report|redaktion|team|desk|newsroom|editorial board|editors|news service|wire|online)(?:$|\s)/iu;

/**
 * A byline that names a newsroom rather than people: it becomes an Organization author (never a
 * Person). A bare role word ("Staff", "Redaktion") names nobody and gives null.
 */
export function newsroomName(raw: string, siteName: string | null = null): string | null {
  const s = raw
    .replace(PREFIX, "")
    .replace(/\s[|•·].*$/u, "")
    .replace(/(?:^|\s)\d.*$/u, "")
    .replace(/[\s,;:–—-]+$/u, "")
    .trim();
  if (!s || s.length > 60 || /[<>{}=@#?!]/u.test(s)) return null;
  // The site signing its own piece is the publisher as author.
  if (siteName && fold(s) === fold(siteName)) return s;
  if (!NEWSROOM.test(s)) return null;
  const rest = s.replace(new RegExp(NEWSROOM.source, "giu"), " ").replace(/[^\p{L}\p{N}.]+/gu, "");
  return rest.length >= 2 ? s : null;
}
