import * as assert from 'node:assert/strict';
import { formatSize, renderListing } from '../../../src/core/files';
import { formatDevLog } from '../../../src/core';

describe('listing: times and sizes as a person reads them', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = tz;
  });

  it("shows the time on this machine's clock, with the zone and UTC in the tooltip", () => {
    process.env.TZ = 'Asia/Kolkata';
    const html = renderListing(
      ['docs'],
      [{ name: 'a.txt', isDirectory: false, size: 300_000, mtime: new Date(Date.UTC(2026, 10, 24, 3, 4)) }],
    );
    assert.match(
      html,
      /<time datetime="2026-11-24T03:04:00\.000Z" title="2026-11-24 08:34 UTC\+05:30 \(2026-11-24 03:04 UTC\)">2026-11-24<span class="hm"> 08:34<\/span><\/time>/,
    );
    assert.doesNotMatch(html, /\(UTC\)<\/th>/);
  });

  it('says a size the same way in the listing and in the access log, and wraps names only where they do not fit', () => {
    assert.equal(formatSize(300_000), '293 KB');
    assert.match(
      renderListing([], [{ name: 'b.bin', isDirectory: false, size: 300_000, mtime: new Date() }]),
      />293 KB</,
    );
    const line = formatDevLog({
      method: 'GET',
      path: '/b.bin',
      status: 200,
      bytes: 300_000,
      durationMs: 1,
      time: new Date(),
      remoteAddress: '127.0.0.1',
    } as Parameters<typeof formatDevLog>[0]);
    assert.match(line, / 293 KB /);
    assert.match(renderListing([], []), /td\.name\{overflow-wrap:anywhere;/);
  });
});
