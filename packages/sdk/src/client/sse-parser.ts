/** One Server-Sent Events message: its `event` name (default `message`), `data` lines joined by `\n`, `id`. */
export interface SseMessage {
  event: string;
  data: string;
  /** The last `id:` seen so far in the stream (SSE's "last event ID"), '' if none. */
  id: string;
}

/**
 * An incremental parser for `text/event-stream` text, following the WHATWG HTML "event stream interpretation"
 * rules: lines end in CRLF, LF or CR (also when a CR ends one chunk and the LF starts the next), `:` starts a
 * comment, a field without a colon has an empty value, one leading space of a value is dropped, `data` lines
 * accumulate, an empty line dispatches, a message with no data is dropped, and `id` containing NUL is ignored.
 *
 * Hand-written rather than `EventSource` because `EventSource` cannot send an `Authorization` header (nor any
 * header), and a room token must not travel in the URL where logs and proxies record it; `fetch` can send the
 * header and stream the body, so the stream is read with `fetch` and parsed here.
 *
 * @example
 * ```ts
 * const parser = createSseParser((m) => console.log(m.event, m.data));
 * parser.push('event: change\ndata: {"seq":1}\n\n'); // logs: change {"seq":1}
 * ```
 */
export function createSseParser(onMessage: (message: SseMessage) => void): {
  push(text: string): void;
  /** The retry delay the server asked for with `retry:`, if any (ms). */
  readonly retry: number | undefined;
} {
  let buffer = '';
  let skipLeadingLf = false;
  let first = true;
  let event = '';
  let data: string[] = [];
  let lastId = '';
  let retry: number | undefined;

  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n'), id: lastId });
      event = '';
      data = [];
      return;
    }
    if (text.charCodeAt(0) === 58 /* : */) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        event = value;
        break;
      case 'data':
        data.push(value);
        break;
      case 'id':
        if (!value.includes('\u0000')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  };

  return {
    push(text: string): void {
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (skipLeadingLf && text.charCodeAt(0) === 10) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        line(buffer.slice(start, i));
        if (c === 13) {
          if (i + 1 === buffer.length) skipLeadingLf = true;
          else if (buffer.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    get retry() {
      return retry;
    },
  };
}
