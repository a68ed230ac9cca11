// The server moved to another port or scheme (its settings changed) and said so before closing
// this page's stream: a tab goes to the same path there, once something answers there (a move on
// the same port binds only after this stream ends). A frame (the editor's preview) or a page
// behind a path-prefix proxy (code-server's /proxy/<port>/) is re-pointed by what holds it.
import type { ServerEvents } from '../../core/live/protocol';

export function followMove(to: ServerEvents['moved'], siteBase: string): void {
  if (window.top !== window || siteBase) return;
  const url =
    to.protocol + '://' + location.hostname + ':' + to.port + location.pathname + location.search + location.hash;
  const go = function () {
    location.assign(url);
  };
  // An https page may not fetch http (mixed content), so it cannot ask first: it waits a moment.
  if (location.protocol === 'https:' && to.protocol === 'http') return void setTimeout(go, 1000);
  let tries = 0;
  (function probe() {
    // Opaque, but it settles only once a server answers there.
    fetch(url, { method: 'HEAD', mode: 'no-cors', cache: 'no-store' }).then(go, function () {
      if (++tries < 40) setTimeout(probe, 250);
    });
  })();
}
