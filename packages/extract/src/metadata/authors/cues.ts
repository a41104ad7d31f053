/**
 * Text and link patterns that several author rules read: running text, a source label, links to
 * a user's page, a topic or an author archive.
 */

/** Three lower-case words in a row: running text, not the tail of a byline ("on May 3"). */
export const SENTENCE_GOES_ON = /(?:^|\s)\p{Ll}\p{L}*\s+\p{Ll}\p{L}*\s+\p{Ll}/u;

/** The label of a source or picture credit, just before the name it credits. */
export const SOURCE_LABEL =
  /(?:quelle|source|fuente|fonte|foto|fotos|photo|photos|bild|image|credit|via)\s*:?\s*$/iu;

/** A link to a user's or author's page: "/u/jdoe", "/members/42", "/profil?u=42". */
export const USER_LINK =
  /\/(?:u|users?|members?|profiles?|profil|authors?|autor\w*)(?:[/?#-]|$)|[?&](?:u|uid|user|author)=/i;
export const TOPIC_LINK =
  /\/(?:category|categories|tags?|topics?|thema|themen|rubrik|ressort|section)\//i;

export const AUTHOR_URL =
  /\/(?:author|authors|autor|autoren|auteur|people|staff|profile|profiles|journalist\w*|writers|contributors?|redakteur\w*|user|users|members)\//i;
