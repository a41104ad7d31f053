/**
 * News agencies and wire services that sign articles, shared by the rules that read bylines
 * (extract) and the rules that check author nodes (schema). Lower case; letters, spaces and
 * hyphens only, so each entry can stand in a regular expression as it is.
 */

/**
 * Agencies whose name marks an organisation wherever it stands in a credit ("Reuters staff",
 * "AFP/Photographer"): none of them is also a person's name or a common word.
 */
export const NEWS_AGENCY_NAMES: readonly string[] = [
  "associated press",
  "reuters",
  "agence france-presse",
  "afp",
  "dpa",
  "press association",
];

/**
 * Agencies and wire desks that are an organisation when the byline is their name alone: short
 * codes ("AP", "PA") and names ("Bloomberg") also occur inside a person's name or a sentence.
 */
export const NEWS_AGENCY_BYLINES: readonly string[] = [
  "the associated press",
  "ap",
  "thomson reuters",
  "epd",
  "kna",
  "apa",
  "sda",
  "ansa",
  "efe",
  "upi",
  "bloomberg",
  "bloomberg news",
  "pa",
  "bbc news",
  "cnn",
  "cnn wire",
  "xinhua",
  "jiji",
  "jiji press",
  "kyodo",
  "kyodo news",
  "yonhap",
  "tass",
  "anp",
  "belga",
  "aap",
  "pti",
  "ians",
  "bernama",
  "the canadian press",
  "canadian press",
];

/**
 * Words for "by" that every byline rule reads, in extract (which strips them) and schema (which
 * reports them): English, then German, French, Spanish and Portuguese, Dutch. Lower case, whole
 * words, none the start of another, so a rule may join them in any order. The foreign ones are
 * also name particles or common words ("Von Trier"): each rule says what must follow them.
 */
export const FOREIGN_BYLINE_WORDS: readonly string[] = ["von", "par", "por", "door"];
export const BYLINE_WORDS: readonly string[] = ["by", ...FOREIGN_BYLINE_WORDS];

/**
 * More words for "by" (Italian, Swedish, Danish and Norwegian) that are name particles first
 * ("Di Stefano", "af Klint"): the rules that read them want a name after them.
 */
export const BYLINE_PARTICLES: readonly string[] = ["di", "av", "af"];

/** Words that make the "by" after them a credit: "Written by", "Photos by", "Interview by". */
export const BYLINE_VERBS: readonly string[] = [
  "written",
  "posted",
  "reported",
  "story",
  "text",
  "words",
  "photo",
  "photos",
  "interview",
];
