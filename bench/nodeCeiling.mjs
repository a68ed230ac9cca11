// The runtime's ceiling for small static files: a bare node:http server that answers each file
// from memory (read once, never checked again), with its type and length, and 404 otherwise. No
// validators, ranges, compression, containment or logging: nothing a real server may skip, so no
// Node server can beat it. `node bench/nodeCeiling.mjs DIR PORT`.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

const [dir, port] = process.argv.slice(2);
const TYPES = { '.txt': 'text/plain; charset=utf-8', '.html': 'text/html; charset=utf-8' };
const files = new Map();

http
  .createServer((req, res) => {
    const name = decodeURIComponent(req.url.split('?')[0]);
    let body = files.get(name);
    if (body === undefined) {
      try {
        body = fs.readFileSync(path.join(dir, path.normalize(name)));
      } catch {
        body = null;
      }
      files.set(name, body);
    }
    if (body === null) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 10 });
      res.end('Not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(name)] ?? 'application/octet-stream',
      'Content-Length': body.length,
    });
    res.end(body);
  })
  .listen(Number(port), '127.0.0.1', () => console.log('listening'));
