/**
 * Date parsing for metadata values and visible text. Output is ISO 8601: with the page's own
 * offset when it gives a time and a zone, `YYYY-MM-DDTHH:MM:SS` for a zoneless time, and
 * `YYYY-MM-DD` when only the day is known (a guessed midnight would shift the day in UTC).
 */

const MONTHS: Readonly<Record<number, readonly string[]>> = {
  1: [
    "january",
    "jan",
    "januar",
    "jänner",
    "janvier",
    "janv",
    "enero",
    "ene",
    "gennaio",
    "gen",
    "janeiro",
    "januari",
    "января",
    "январь",
    "янв",
    "ocak",
    "stycznia",
    "styczeń",
    "januári",
    "tammikuuta",
    "leden",
    "ledna",
    "ιανουαρίου",
  ],
  2: [
    "february",
    "feb",
    "februar",
    "février",
    "fevrier",
    "févr",
    "fevr",
    "febrero",
    "febbraio",
    "fevereiro",
    "fev",
    "februari",
    "febr",
    "февраля",
    "февраль",
    "фев",
    "şubat",
    "subat",
    "lutego",
    "luty",
    "helmikuuta",
    "února",
    "unor",
    "φεβρουαρίου",
  ],
  3: [
    "march",
    "mar",
    "märz",
    "maerz",
    "mars",
    "marzo",
    "março",
    "marco",
    "maart",
    "mrt",
    "марта",
    "март",
    "mart",
    "marca",
    "marzec",
    "maaliskuuta",
    "března",
    "μαρτίου",
  ],
  4: [
    "april",
    "apr",
    "avril",
    "avr",
    "abril",
    "abr",
    "aprile",
    "апреля",
    "апрель",
    "апр",
    "nisan",
    "kwietnia",
    "kwiecień",
    "huhtikuuta",
    "dubna",
    "απριλίου",
  ],
  5: [
    "may",
    "mai",
    "mayo",
    "maggio",
    "mag",
    "maio",
    "mei",
    "мая",
    "май",
    "mayıs",
    "mayis",
    "maja",
    "maj",
    "toukokuuta",
    "května",
    "μαΐου",
  ],
  6: [
    "june",
    "jun",
    "juni",
    "juin",
    "junio",
    "giugno",
    "giu",
    "junho",
    "июня",
    "июнь",
    "июн",
    "haziran",
    "czerwca",
    "czerwiec",
    "kesäkuuta",
    "června",
    "ιουνίου",
  ],
  7: [
    "july",
    "jul",
    "juli",
    "juillet",
    "juil",
    "julio",
    "luglio",
    "lug",
    "julho",
    "июля",
    "июль",
    "июл",
    "temmuz",
    "lipca",
    "lipiec",
    "heinäkuuta",
    "července",
    "ιουλίου",
  ],
  8: [
    "august",
    "aug",
    "août",
    "aout",
    "agosto",
    "ago",
    "augustus",
    "augusti",
    "августа",
    "август",
    "авг",
    "ağustos",
    "agustos",
    "sierpnia",
    "sierpień",
    "elokuuta",
    "srpna",
    "αυγούστου",
  ],
  9: [
    "september",
    "sep",
    "sept",
    "septembre",
    "septiembre",
    "setiembre",
    "settembre",
    "set",
    "setembro",
    "сентября",
    "сентябрь",
    "сен",
    "eylül",
    "eylul",
    "września",
    "wrzesień",
    "syyskuuta",
    "září",
    "σεπτεμβρίου",
  ],
  10: [
    "october",
    "oct",
    "oktober",
    "okt",
    "octobre",
    "octubre",
    "ottobre",
    "ott",
    "outubro",
    "out",
    "октября",
    "октябрь",
    "окт",
    "ekim",
    "października",
    "październik",
    "lokakuuta",
    "října",
    "οκτωβρίου",
  ],
  11: [
    "november",
    "nov",
    "novembre",
    "noviembre",
    "novembro",
    "ноября",
    "ноябрь",
    "ноя",
    "kasım",
    "kasim",
    "listopada",
    "listopad",
    "marraskuuta",
    "listopadu",
    "νοεμβρίου",
  ],
  12: [
    "december",
    "dec",
    "dezember",
    "dez",
    "décembre",
    "decembre",
    "déc",
    "diciembre",
    "dic",
    "dicembre",
    "dezembro",
    "дек",
    "декабря",
    "декабрь",
    "aralık",
    "aralik",
    "grudnia",
    "grudzień",
    "joulukuuta",
    "prosince",
    "δεκεμβρίου",
  ],
};

const MONTH_BY_NAME = new Map<string, number>();
for (const [n, names] of Object.entries(MONTHS))
  for (const name of names) MONTH_BY_NAME.set(name, Number(n));
export const MONTH_ALT = [...MONTH_BY_NAME.keys()].sort((a, b) => b.length - a.length).join("|");
/** A month name starting a date after a name: "Jane Doe March 3" / "Jane Doe on Dec 9". */
export const MONTH_TAIL = new RegExp(
  `\\s+(?:on\\s+|am\\s+|le\\s+|el\\s+)?(?:${MONTH_ALT})\\.?\\s*\\d.*$`,
  "iu",
);

/** "3 March 2019", "3. März 2019", "3 de marzo de 2019", "3rd of March, 2019", "3 марта 2019 г." */
const DAY_MONTH_YEAR_SOURCE = `(?<![\\p{L}\\d])(\\d{1,2})(?:st|nd|rd|th|er|º|°|\\.)?\\s*(?:de\\s+|of\\s+)?(${MONTH_ALT})\\.?,?\\s*(?:de\\s+|del\\s+)?'?(\\d{4})(?!\\d)`;
/** "March 3, 2019", "Mar. 3rd 2019", "March 03 2019" */
const MONTH_DAY_YEAR_SOURCE = `(?<![\\p{L}])(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)\\s*,?\\s*(\\d{4})(?!\\d)`;
/**
 * The textual forms as written, case-insensitive; they run on lower-cased text. Compiling them
 * cost a cold process ~10 ms: V8 closes every letter of the ~230 month names, and `\p{L}`, over
 * Unicode case. On lower-cased text without a `LOWER_FOLDS_APART` character the same expressions
 * without the `i` flag (`TEXTUAL_LOWER`) match exactly alike, at a fifth of the cost; these are
 * compiled only for a line that has one.
 */
export const TEXTUAL_ANY_CASE = {
  dayMonthYear: new RegExp(DAY_MONTH_YEAR_SOURCE, "iu"),
  monthDayYear: new RegExp(MONTH_DAY_YEAR_SOURCE, "iu"),
};
export const TEXTUAL_LOWER = {
  dayMonthYear: new RegExp(DAY_MONTH_YEAR_SOURCE, "u"),
  monthDayYear: new RegExp(MONTH_DAY_YEAR_SOURCE, "u"),
};
/**
 * The lower-case characters that the `i` flag makes match a letter of the textual forms other than
 * themselves, or `\p{L}` although no letter (U+0345): ſ is s, ς is σ, µ is μ, U+1C80–1C85 are
 * Cyrillic в д о с т т, ϐ ϕ ϖ ϰ ϱ ϵ are Greek β φ π κ ρ ε, U+1FBE is ι, U+1FD3 is ΐ. A test
 * derives the set from every code point.
 */
export const LOWER_FOLDS_APART =
  /[\u00b5\u017f\u03c2\u03d0\u03d5\u03d6\u03f0\u03f1\u03f5\u1c80-\u1c85\u1fbe\u1fd3]|\u0345/u;
/** "2019年3月3日", "2019년 3월 3일" */
const CJK = /(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?/u;
const ISO =
  /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?(?!\d)/i;
const YMD_SLASH = /(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)/;
const DMY_NUM = /(?<![\d.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)/;
/** German typesetting puts a (thin) space after each dot: `6. 3. 2017`. */
const DMY_SPACED = /(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})(?!\d)/;
/**
 * Date lines set with spaced separators: `17 | 04 | 2023`, `17 / 04 / 2023`. Not after another
 * number or separator, nor after a page counter's label ("Seite 1 / 12 / 2022", "p. 2 / 9 / 2019").
 */
const SPACED_SEPARATORS =
  /(?<!(?:[\d|/]|\b(?:seite|page|pages|pag|pp?|s))\.?\s*)(\d{1,2})\s+([|/])\s+(\d{1,2})\s+\2\s+(\d{4})(?!\d)/i;
const NUMERIC_FORMS = [DMY_NUM, SPACED_SEPARATORS];
/** The German/Swiss short form `14.08.21`: dots only, two digits each (slashes are too ambiguous). */
const DMY_SHORT = /(?<![\d.,])(\d{2})\.(\d{2})\.(\d{2})(?![\d.,])/;
const TIME = /(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap])?\.?m?\.?/i;

const TWO_DIGITS = /\d\d/;
const FOUR_DIGITS = /\d{4}/;

export interface ParseDateOptions {
  /** Read `03/04/2019` as 3 April (most of the world) rather than March 4 (US). Default false. */
  readonly dayFirst?: boolean;
  /** Look for the date anywhere in the string, not only as the whole value. Default true. */
  readonly search?: boolean;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCMonth() === m - 1;
}

function day(y: number, m: number, d: number): string | null {
  return validDay(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** Parses a date from a metadata value or a line of visible text; null when none is found. */
export function parseDate(raw: string, options: ParseDateOptions = {}): string | null {
  const s = raw.trim();
  // Every form below has a run of at least two ASCII digits (a year, or DMY_SHORT's `dd.mm.yy`);
  // most lines of text under a headline have none, and skip the textual month regexes.
  if (!s || s.length > 400 || !TWO_DIGITS.test(s)) return null;

  // Unix time in seconds or milliseconds (some CMSs put it in data attributes and meta).
  if (/^\d{10}(?:\d{3})?$/.test(s)) {
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    const d = new Date(ms);
    return validDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
      ? d.toISOString().replace(".000Z", "Z")
      : null;
  }
  if (/^\d{8}$/.test(s))
    return day(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));

  const iso = ISO.exec(s);
  if (iso) {
    const d = day(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (d) {
      if (iso[4] === undefined) return d;
      const h = Number(iso[4]);
      const min = Number(iso[5]);
      if (h > 23 || min > 59) return d;
      const sec = iso[6] === undefined ? "00" : iso[6];
      const zone = iso[7];
      const time = `${d}T${pad(h)}:${pad(min)}:${sec}`;
      // Exactly midnight is a CMS storing a day as a timestamp: the day is what the page knows
      // (east of UTC, as an instant it would even fall on the previous UTC day).
      if (zone && h === 0 && min === 0 && /^00(?:\.0+)?$/.test(sec)) return d;
      if (!zone) return time;
      if (zone.toUpperCase() === "Z") return `${time}Z`;
      const z = zone.replace(":", "");
      return `${time}${z.slice(0, 3)}:${z.length >= 5 ? z.slice(3, 5) : "00"}`;
    }
  }

  const cjk = CJK.exec(s);
  if (cjk) {
    const d = day(Number(cjk[1]), Number(cjk[2]), Number(cjk[3]));
    if (d) return d;
  }
  const ymd = YMD_SLASH.exec(s);
  if (ymd) {
    const d = day(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
    if (d) return d;
  }

  // Both textual forms end in a four-digit year.
  const lower = FOUR_DIGITS.test(s) ? s.toLowerCase() : "";
  const forms = LOWER_FOLDS_APART.test(lower) ? TEXTUAL_ANY_CASE : TEXTUAL_LOWER;
  const dmy = forms.dayMonthYear.exec(lower);
  const mdy = forms.monthDayYear.exec(lower);
  // Whichever comes first in the text: "Posted March 3, 2019, updated 4 April 2019".
  const textual = [dmy && { m: dmy, dayFirst: true }, mdy && { m: mdy, dayFirst: false }]
    .filter((x) => x !== null)
    .sort((a, b) => a.m.index - b.m.index);
  for (const t of textual) {
    const m = t.m;
    const month = MONTH_BY_NAME.get((t.dayFirst ? m[2] : m[1]) ?? "");
    const dd = Number(t.dayFirst ? m[1] : m[2]);
    const d = month ? day(Number(m[3]), month, dd) : null;
    if (d) return withRfcTime(s, d);
  }

  // A compact group that is no valid day ("Az. 40-12-2020") leaves the spaced form its turn.
  for (const form of NUMERIC_FORMS) {
    const num = form.exec(s);
    if (!num) continue;
    const a = Number(num[1]);
    const b = Number(num[3]);
    const y = Number(num[4]);
    // Dots are day-first everywhere (`03.04.2019`); slashes and bars are month-first unless told
    // otherwise.
    const dayFirst = num[2] === "." || options.dayFirst === true || a > 12;
    const d = dayFirst ? day(y, b, a) : day(y, a, b);
    if (d) return d;
  }
  const spaced = DMY_SPACED.exec(s);
  if (spaced) {
    const d = day(Number(spaced[3]), Number(spaced[2]), Number(spaced[1]));
    if (d) return d;
  }
  const short = DMY_SHORT.exec(s);
  if (short) {
    const yy = Number(short[3]);
    // POSIX strptime's %y pivot is 69; news pages of the 1950s with short years are rarer than
    // those of the 2050s will be. A fixed pivot keeps extraction independent of the clock.
    const y = yy < 70 ? 2000 + yy : 1900 + yy;
    const d = day(y, Number(short[2]), Number(short[1]));
    if (d) return d;
  }
  return null;
}

/** RFC 2822 / HTTP dates carry a zone: keep the instant instead of the bare day. */
function withRfcTime(s: string, d: string): string {
  if (!/\b(?:GMT|UTC|[+-]\d{4})\b/.test(s) || !TIME.test(s)) return d;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return d;
  return new Date(t).toISOString().replace(".000Z", "Z");
}
