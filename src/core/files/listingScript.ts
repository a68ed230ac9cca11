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
  function compare(a, b) {
    var da = a.classList.contains('dir'), db = b.classList.contains('dir');
    if (da !== db) return da ? -1 : 1;
    var byName = collator.compare(a.getAttribute('data-name'), b.getAttribute('data-name'));
    var r = key === 'name' ? byName : (Number(a.getAttribute('data-' + key)) - Number(b.getAttribute('data-' + key))) || byName;
    return r * dir;
  }
  var observer = new MutationObserver(function () { apply(); });
  function apply() {
    var body = document.querySelector('tbody');
    var rows = Array.prototype.slice.call(body.querySelectorAll('tr[data-name]')).sort(compare);
    var q = filter.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      body.appendChild(r);
      var hit = !q || r.getAttribute('data-name').toLowerCase().indexOf(q) >= 0;
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
