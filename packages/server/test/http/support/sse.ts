/** Reads a text/event-stream response into messages, as an EventSource would. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface SseReader {
  /** The next message, or undefined when the stream ended. Comments are collected, not returned. */
  next(): Promise<SseMessage | undefined>;
  comments: string[];
  close(): Promise<void>;
}

export function readSse(res: Response): SseReader {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const comments: string[] = [];
  return {
    comments,
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { data: '' };
          const data: string[] = [];
          let isComment = true;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) { comments.push(line.slice(1).trim()); continue; }
            isComment = false;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'data') data.push(value);
            else if (field === 'id') message.id = value;
            else if (field === 'event') message.event = value;
          }
          if (isComment) continue;
          message.data = data.join('\n');
          return message;
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += value;
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
    },
  };
}

export async function readAll(res: Response): Promise<SseMessage[]> {
  const sse = readSse(res);
  const out: SseMessage[] = [];
  for (let m = await sse.next(); m; m = await sse.next()) out.push(m);
  return out;
}
