/**
 * Cursor pagination. A list call returns a PagePromise: `await` it for the
 * first page, or `for await` over it for every item of every page, fetching
 * the next page only when the previous one is used up. Cursors are opaque.
 */

/** One page of a list, as the API returns it. */
export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next page; absent on the last one. */
  readonly nextCursor?: string;
}

/** Fetches the page that starts at `cursor` (the first page when it is undefined). */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<Page<T>>;

/**
 * Awaitable (first page) and async-iterable (all items).
 * @example
 * const first = await client.audit.list();            // one page: { items, nextCursor }
 * for await (const entry of client.audit.list()) {}   // every entry, page after page
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetch: PageFetcher<T>;
  readonly #startCursor: string | undefined;
  #first: Promise<Page<T>> | undefined;

  /**
   * Fetches the first page at `startCursor` (the very first page when absent), then each next page at its `nextCursor`.
   * @example
   * const rest = new PagePromise((cursor) => fetchTemplates(cursor), kept.nextCursor);
   */
  constructor(fetchPage: PageFetcher<T>, startCursor?: string) {
    // Nothing is fetched until the page is awaited or iterated.
    this.#fetch = fetchPage;
    this.#startCursor = startCursor;
  }

  #firstPage(): Promise<Page<T>> {
    this.#first ??= this.#fetch(this.#startCursor);
    return this.#first;
  }

  /**
   * The first page, fetched once however often it is awaited.
   * @example
   * const { items, nextCursor } = await client.templates.list({ limit: 20 });
   */
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /**
   * The first page, or what `onrejected` makes of its error.
   * @example
   * const page = await client.templates.list().catch(() => ({ items: [] }));
   */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.#firstPage().catch(onrejected);
  }

  /**
   * Every page, starting with the first.
   * @example
   * for await (const page of client.templates.list({ limit: 100 }).pages()) console.log(page.items.length);
   */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.#firstPage();
    yield page;
    while (page.nextCursor) {
      page = await this.#fetch(page.nextCursor);
      yield page;
    }
  }

  /**
   * Every item of every page, fetching each page when the one before is used up.
   * @example
   * for await (const t of client.templates.list()) console.log(t.name);
   */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.pages()) yield* page.items;
  }

  /**
   * Every item of every page, in one array. Mind the size of what you ask for.
   * @example
   * const drafts = await client.templates.versions.list('shop', { state: 'draft' }).toArray();
   */
  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}
