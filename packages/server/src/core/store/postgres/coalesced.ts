/**
 * One query answers every caller that asked before it was sent.
 *
 * For the store's data version, which the read cache asks on every read: a
 * round trip each made PostgreSQL's share of a cached read several times the
 * server's own, and a burst of reads took a pooled connection each. Callers
 * that ask while a query is on the wire wait for the next one, never for that
 * one: its snapshot may predate a commit they have already seen (a client's
 * own write through another replica), and only a snapshot taken after they
 * asked is exact. At most one query runs at a time.
 */
export function coalesced<T>(query: () => Promise<T>): () => Promise<T> {
  let onTheWire: Promise<T> | undefined;
  /** The next query, not sent yet: whoever asks now gets its answer. */
  let next: Promise<T> | undefined;
  const send = (): Promise<T> => {
    next = undefined;
    const sent = query();
    onTheWire = sent;
    const done = () => {
      if (onTheWire === sent) onTheWire = undefined;
    };
    sent.then(done, done);
    return sent;
  };
  return () => {
    if (next !== undefined) return next;
    if (onTheWire === undefined) return send();
    next = onTheWire.then(send, send);
    return next;
  };
}
