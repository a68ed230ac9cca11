import * as assert from 'node:assert/strict';
import * as http from 'node:http';

export interface LiveEvent {
  event: string;
  data: unknown;
}

export interface EventStream {
  /** Events that arrived and nobody has taken yet. */
  events: LiveEvent[];
  close(): void;
  next(): Promise<LiveEvent>;
}

/** Opens the event stream (with `headers`: a share cookie, say) and returns parsed events as they come. */
export function openEvents(port: number, headers: Record<string, string> = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const events: LiveEvent[] = [];
    const waiters: ((e: LiveEvent) => void)[] = [];
    const req = http.get({ port, host: '127.0.0.1', path: '/__ferrox/events', headers, agent: false }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) {
            const e = { event, data: JSON.parse(data) };
            const waiter = waiters.shift();
            if (waiter) waiter(e);
            else events.push(e);
          }
        }
      });
      resolve({
        events,
        close: () => req.destroy(),
        next: () => new Promise((r) => (events.length > 0 ? r(events.shift()!) : waiters.push(r))),
      });
    });
    req.on('error', reject);
  });
}
