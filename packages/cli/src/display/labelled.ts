/**
 * How the output for one input of several says which input it is. One owner, so `extract` and
 * `jsonld` mark their outputs alike.
 */

/** A one-line JSON object (`{…}\n`) with `"input"` as its first member; unchanged for `null`. */
export function withInput(json: string, input: string | null): string {
  if (input === null || !json.startsWith("{")) return json;
  const rest = json.slice(1);
  return `{"input":${JSON.stringify(input)}${rest.startsWith("}") ? "" : ","}${rest}`;
}

/** Text under a `==> input <==` line, as `head` and `tail` mark files; unchanged for `null`. */
export function underHeading(text: string, input: string | null): string {
  return input === null ? text : `==> ${input} <==\n${text}`;
}

/** An HTML fragment after an `<!-- input: … -->` comment; unchanged for `null`. */
export function afterComment(html: string, input: string | null): string {
  // "--" may not appear inside an HTML comment (HTML §13.1.6).
  return input === null ? html : `<!-- input: ${input.replace(/--/g, "- -")} -->\n${html}`;
}
