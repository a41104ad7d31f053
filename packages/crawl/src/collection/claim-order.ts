/** A queued URL as the queue index lists it: highest priority first, then in queueing order. */
export interface QueuedRow {
  readonly id: number;
  readonly host: string;
  readonly priority: number;
}

/**
 * The batch `Collection.claim` takes: at most `perHost` URLs of any one host, none of the
 * `exclude`d hosts, the first `limit` in the order (priority, then the URL's rank among its
 * host's queued URLs, then queueing order), so a batch spans hosts even when the queue lists one
 * host's URLs first.
 *
 * `queued` must come in (priority descending, id) order; it is read only as far as needed.
 * Within one priority a URL's rank is known as it is read (its host's count so far, higher
 * priorities included), and every first-ranked URL comes before any second-ranked one: once
 * `limit` first-ranked URLs are in hand, the later ones, with larger ids, cannot enter the batch.
 * Otherwise the priority is read to its end and its URLs taken rank by rank. Only a queue whose
 * head holds few hosts is read whole, as it always was.
 */
export function spreadAcrossHosts(
  queued: Iterable<QueuedRow>,
  limit: number,
  perHost: number,
  exclude: ReadonlySet<string>,
): QueuedRow[] {
  const chosen: QueuedRow[] = [];
  if (limit <= 0 || perHost <= 0) return chosen;
  /** URLs read so far per host, in every priority. */
  const seen = new Map<string, number>();
  /** This priority's URLs by rank (index 0: first-ranked), in id order. */
  let ranks: QueuedRow[][] = [];
  let priority: number | null = null;
  const takeLevel = (): void => {
    // A rank may be empty at this priority (its hosts' first URLs had a higher one).
    for (const rank of ranks) {
      for (const row of rank ?? []) {
        if (chosen.length >= limit) return;
        chosen.push(row);
      }
    }
  };
  for (const row of queued) {
    if (row.priority !== priority) {
      takeLevel();
      if (chosen.length >= limit) break;
      ranks = [];
      priority = row.priority;
    }
    if (exclude.has(row.host)) continue;
    const n = (seen.get(row.host) ?? 0) + 1;
    seen.set(row.host, n);
    if (n > perHost) continue;
    // n counts the host's higher-priority URLs too: its rank here starts after them.
    const rank = ranks[n - 1];
    if (rank === undefined) ranks[n - 1] = [row];
    else rank.push(row);
    if (n === 1 && (ranks[0]?.length ?? 0) >= limit - chosen.length) break;
  }
  takeLevel();
  return chosen;
}
