// The server moved to another port (its settings changed) and said so before closing this
// page's stream: a tab goes to the same path there. A frame (the editor's preview) or a page
// behind a path-prefix proxy (code-server's /proxy/<port>/) is re-pointed by what holds it.
export function followMove(to, siteBase) {
  if (window.top !== window || siteBase) return;
  location.assign(to.protocol + '://' + location.hostname + ':' + to.port + location.pathname + location.search + location.hash);
}
