import { createHash } from 'node:crypto';

/**
 * The one script of a listing page: the filter box and sortable columns. Inline, allowed by its
 * hash in the page's CSP (so no other inline script could run). Sorting keeps folders first and
 * lives in the URL's hash (`#sort=size-desc`), so it survives a reload; after live reload morphs
 * the table to new entries, the order and the filter are applied again.
 */
export const LISTING_SCRIPT = `(function () {
  var filter = document.getElementById('filter');
  var none = document.getElementById('nomatch');
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var key = 'name', dir = 1;
  var m = /^#sort=(name|size|time)-(asc|desc)$/.exec(location.hash);
  if (m) { key = m[1]; dir = m[2] === 'desc' ? -1 : 1; }
  // What a row shows is what it sorts by: its name, its size's title ("300 bytes"), its time's datetime.
  function nameOf(r) { return r.querySelector('td.name a').textContent.replace(/[/]$/, ''); }
  function valueOf(r) {
    if (key === 'size') return r.classList.contains('dir') ? -1 : parseInt(r.querySelector('td.size').title, 10);
    var t = r.querySelector('time');
    return t ? Date.parse(t.getAttribute('datetime')) : 0;
  }
  function compare(a, b) {
    var da = a.classList.contains('dir'), db = b.classList.contains('dir');
    if (da !== db) return da ? -1 : 1;
    var byName = collator.compare(nameOf(a), nameOf(b));
    return (key === 'name' ? byName : (valueOf(a) - valueOf(b)) || byName) * dir;
  }
  var observer = new MutationObserver(function () { apply(); });
  function apply() {
    var body = document.querySelector('tbody');
    var rows = Array.prototype.slice.call(body.querySelectorAll('tr:not(.up)')).filter(function (r) { return r.querySelector('td.name a'); }).sort(compare);
    var q = filter.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      body.appendChild(r);
      var hit = !q || nameOf(r).toLowerCase().indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit) shown++;
    });
    none.hidden = !q || shown > 0;
    Array.prototype.forEach.call(document.querySelectorAll('th[data-sort]'), function (th) {
      th.setAttribute('aria-sort', th.getAttribute('data-sort') === key ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    observer.takeRecords(); // its own moves are not news
  }
  Array.prototype.forEach.call(document.querySelectorAll('th[data-sort] button'), function (button) {
    button.addEventListener('click', function () {
      var k = button.parentNode.getAttribute('data-sort');
      if (k === key) dir = -dir; else { key = k; dir = k === 'name' ? 1 : -1; }
      history.replaceState(null, '', '#sort=' + key + '-' + (dir > 0 ? 'asc' : 'desc'));
      apply();
    });
  });
  filter.addEventListener('input', apply);
  filter.hidden = false;
  observer.observe(document.body, { childList: true, subtree: true });
  apply();
})();`;

/** The CSP source that lets exactly LISTING_SCRIPT run. */
export const LISTING_SCRIPT_HASH = `'sha256-${createHash('sha256').update(LISTING_SCRIPT).digest('base64')}'`;
