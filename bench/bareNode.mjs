// The runtime with nothing on top: a bare node:http server that answers each URL from memory
// (read once, never checked again) with head fields made once, and 404 otherwise. No validators,
// ranges, compression, containment or logging, and no work per request beyond a map lookup: the
// most a plain request handler can do. (Ferrox gets past it: its hot path answers the requests
// that arrive in one turn of the event loop together, in the check phase.)
// `node bench/bareNode.mjs DIR PORT`.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

const [dir, port] = process.argv.slice(2);
const TYPES = { '.txt': 'text/plain; charset=utf-8', '.html': 'text/html; charset=utf-8' };
const NOT_FOUND = { status: 404, head: ['Content-Type', 'text/plain', 'Content-Length', '10'], body: 'Not found\n' };
/** Raw request target → what it is answered, made on its first request. */
const answers = new Map();

function answerFor(url) {
  try {
    const name = decodeURIComponent(url.split('?')[0]);
    const body = fs.readFileSync(path.join(dir, path.normalize(name)));
    const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
    return { status: 200, head: ['Content-Type', type, 'Content-Length', String(body.length)], body };
  } catch {
    return NOT_FOUND;
  }
}

http
  .createServer((req, res) => {
    let answer = answers.get(req.url);
    if (answer === undefined) answers.set(req.url, (answer = answerFor(req.url)));
    res.writeHead(answer.status, answer.head);
    res.end(answer.body);
  })
  .listen(Number(port), '127.0.0.1', () => console.log('listening'));
