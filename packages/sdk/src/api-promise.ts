/**
 * What a call that answers one body returns: a promise of that body which can
 * also hand over the raw Response (`withResponse()`), for the headers a body
 * does not carry (ETag, Location, Retry-After). In the spirit of openai-node's
 * APIPromise; here an interface, so a fake client can return its own.
 */
import type { RequestSpec, Transport } from './transport.js';

/** The parsed body of an answer, with the Response it came in. */
export interface ApiResponse<T> {
  /** The body, parsed (undefined for a 204). */
  readonly data: T;
  /** The HTTP response: status and headers. Its body has been read already (it is `data`). */
  readonly response: Response;
}

/** A promise of a call's body that can also give the raw Response. */
export interface ApiPromise<T> extends Promise<T> {
  /**
   * The body together with the Response it came in: read `ETag`, `Location` and other headers.
   * The request is the same one (nothing is sent twice); awaiting the promise itself still gives the body.
   * @example
   * const { data: template, response } = await client.templates.create({ name: 'shop' }).withResponse();
   * console.log(response.status, response.headers.get('location'), response.headers.get('etag'), template.etag);
   */
  withResponse(): Promise<ApiResponse<T>>;
}

/**
 * The SDK's ApiPromise: the answer is fetched once, eagerly; its body is only
 * derived when the promise is awaited, so a caller that only asks for
 * `withResponse()` leaves no second, unobserved rejection behind.
 */
class ResponsePromise<T> extends Promise<T> implements ApiPromise<T> {
  readonly #answer: Promise<ApiResponse<T>>;
  #data: Promise<T> | undefined;

  // then/catch/finally of a subclass build new promises through `species`: plain ones, not another of these.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  constructor(answer: Promise<ApiResponse<T>>) {
    // The base promise is settled at once and never used: every reader goes through #body().
    super((resolve) => resolve(undefined as T));
    this.#answer = answer;
  }

  #body(): Promise<T> {
    this.#data ??= this.#answer.then((a) => a.data);
    return this.#data;
  }

  withResponse(): Promise<ApiResponse<T>> {
    return this.#answer;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#body().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#body().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#body().finally(onfinally);
  }
}

/** An ApiPromise of an answer being fetched. Internal: used by the client and by `@caravan/sdk/testing`. */
export function apiPromise<T>(answer: Promise<ApiResponse<T>>): ApiPromise<T> {
  return new ResponsePromise(answer);
}

/** The body of a Response as the SDK returns it: JSON, or undefined for 204 and empty bodies. */
export async function readBody<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Sends a request through the client's transport, as an ApiPromise of its body. */
export function call<T>(transport: Transport, spec: RequestSpec): ApiPromise<T> {
  return apiPromise(
    (async () => {
      const response = await transport.send(spec);
      return { data: await readBody<T>(response), response };
    })(),
  );
}
