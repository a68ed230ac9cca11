// A page describes itself for an agent's tool (ServerEvents.snapshot): its visible text,
// headings, landmarks, forms with their labels, and the element at a selector with its box and
// computed styles. A fixed routine: nothing it is sent runs as script. Bounded in size and in
// time (a page of 50,000 elements answers in well under a second), saying what it left out.
import type { PageSnapshot, SnapshotElement, SnapshotField, SnapshotQuery } from '../../core/live/protocol';

const MAX_TEXT = 20_000;
const MAX_HEADINGS = 100;
const MAX_LANDMARKS = 60;
const MAX_FORMS = 20;
const MAX_FIELDS = 200;
const MAX_VALUE = 200;
const MAX_ELEMENT_TEXT = 1000;
const MAX_CLASSES = 20;
/** The routine stops looking at more elements after this long, and says so. */
const BUDGET_MS = 400;

const DEFAULT_STYLES = [
  'display',
  'position',
  'width',
  'height',
  'margin',
  'padding',
  'color',
  'background-color',
  'font-family',
  'font-size',
  'font-weight',
  'line-height',
  'visibility',
  'opacity',
  'z-index',
  'overflow',
];

const LANDMARK_ROLES: Record<string, string> = {
  header: 'banner',
  nav: 'navigation',
  main: 'main',
  aside: 'complementary',
  footer: 'contentinfo',
  search: 'search',
  form: 'form',
  section: 'region',
};
const ARIA_LANDMARKS = new Set([
  'banner',
  'navigation',
  'main',
  'complementary',
  'contentinfo',
  'search',
  'region',
  'form',
]);

function squash(text: string | null | undefined): string {
  return (text || '').replace(/\s+/g, ' ').trim();
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

function shown(el: Element): boolean {
  return el.getClientRects().length > 0;
}

/** The text of the elements `aria-labelledby` names, else `aria-label`. */
function ariaName(el: Element): string {
  const ids = el.getAttribute('aria-labelledby');
  if (ids) {
    const text = ids
      .split(/\s+/)
      .map((id) => squash(document.getElementById(id)?.textContent))
      .join(' ')
      .trim();
    if (text) return text;
  }
  return squash(el.getAttribute('aria-label'));
}

/** What a person reads as a control's label. */
function labelOf(field: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement): string {
  const aria = ariaName(field);
  if (aria) return aria;
  const labels = field.labels ? Array.from(field.labels) : [];
  const text = labels
    .map((label) => {
      const copy = label.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('select,textarea,input').forEach((c) => c.remove());
      return squash(copy.textContent);
    })
    .filter(Boolean)
    .join(' ');
  if (text) return text;
  if (field instanceof HTMLButtonElement) return squash(field.textContent);
  if (field instanceof HTMLInputElement && /^(submit|button|reset)$/.test(field.type)) return field.value;
  return squash(field.getAttribute('placeholder') || field.getAttribute('title'));
}

function fieldOf(el: Element): SnapshotField | null {
  if (
    !(el instanceof HTMLInputElement) &&
    !(el instanceof HTMLSelectElement) &&
    !(el instanceof HTMLTextAreaElement) &&
    !(el instanceof HTMLButtonElement)
  )
    return null;
  if (el instanceof HTMLInputElement && el.type === 'hidden') return null;
  const field: SnapshotField = { tag: el.tagName.toLowerCase(), label: cut(labelOf(el), MAX_VALUE) };
  if (el instanceof HTMLInputElement || el instanceof HTMLButtonElement) field.type = el.type;
  if (el.name) field.name = el.name;
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) field.checked = el.checked;
  else if (el instanceof HTMLSelectElement) {
    const chosen = Array.from(el.selectedOptions).map((o) => squash(o.textContent));
    if (chosen.length) field.value = cut(chosen.join(', '), MAX_VALUE);
  } else if (
    !(el instanceof HTMLButtonElement) &&
    !(el instanceof HTMLInputElement && /^(password|submit|button|reset|file)$/.test(el.type)) &&
    el.value
  )
    field.value = cut(el.value, MAX_VALUE); // never a password's
  if ('required' in el && el.required) field.required = true;
  if (el.disabled) field.disabled = true;
  return field;
}

function elementAt(query: SnapshotQuery): SnapshotElement | { selector: string; error: string } {
  const selector = query.selector as string;
  let all: NodeListOf<Element>;
  try {
    all = document.querySelectorAll(selector);
  } catch (err) {
    return { selector, error: `Not a valid CSS selector: ${err instanceof Error ? err.message : String(err)}` };
  }
  const el = all[0];
  if (!el) return { selector, error: 'No element matches this selector.' };
  const r = el.getBoundingClientRect();
  const css = getComputedStyle(el);
  const styles: Record<string, string> = {};
  for (const name of query.styles && query.styles.length > 0 ? query.styles : DEFAULT_STYLES) {
    const prop = String(name).trim();
    styles[prop] = /^-{0,2}[a-zA-Z][a-zA-Z0-9-]*$/.test(prop) ? css.getPropertyValue(prop) : '(not a property name)';
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  const classes = Array.from(el.classList).slice(0, MAX_CLASSES);
  return {
    selector,
    matches: all.length,
    tag: el.tagName.toLowerCase(),
    ...(el.id ? { id: el.id } : {}),
    ...(classes.length ? { classes } : {}),
    text: cut(squash(el instanceof HTMLElement ? el.innerText : el.textContent), MAX_ELEMENT_TEXT),
    box: { x: round(r.x), y: round(r.y), width: round(r.width), height: round(r.height) },
    visible: r.width > 0 && r.height > 0 && css.visibility !== 'hidden' && css.display !== 'none',
    styles,
  };
}

/** What this page shows now, bounded. */
export function takeSnapshot(query: SnapshotQuery): PageSnapshot {
  const started = performance.now();
  const omitted: string[] = [];
  const late = () => performance.now() - started > BUDGET_MS;

  const fullText = squash(document.body ? document.body.innerText : '');
  if (fullText.length > MAX_TEXT)
    omitted.push(`text after ${MAX_TEXT.toLocaleString('en')} of ${fullText.length.toLocaleString('en')} characters`);

  const headings: PageSnapshot['headings'] = [];
  const headingEls = document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role="heading"]');
  for (let i = 0; i < headingEls.length; i++) {
    if (headings.length >= MAX_HEADINGS || late()) {
      omitted.push(`${headingEls.length - i} of ${headingEls.length} headings`);
      break;
    }
    const h = headingEls[i];
    if (!shown(h)) continue;
    const level = /^H[1-6]$/.test(h.tagName) ? Number(h.tagName[1]) : Number(h.getAttribute('aria-level')) || 2;
    headings.push({ level, text: cut(squash((h as HTMLElement).innerText), MAX_VALUE) });
  }

  const landmarks: PageSnapshot['landmarks'] = [];
  const landmarkEls = document.querySelectorAll('header,nav,main,aside,footer,search,form,section,[role]');
  for (let i = 0; i < landmarkEls.length; i++) {
    if (landmarks.length >= MAX_LANDMARKS || late()) {
      omitted.push(`landmarks after the first ${landmarks.length}`);
      break;
    }
    const el = landmarkEls[i];
    const label = ariaName(el);
    const explicit = el.getAttribute('role');
    const tag = el.tagName.toLowerCase();
    const role = explicit && ARIA_LANDMARKS.has(explicit) ? explicit : explicit ? '' : (LANDMARK_ROLES[tag] ?? '');
    // A form or section is a landmark only with a name; a header or footer only outside an article or section.
    if (!role || ((role === 'form' || role === 'region') && !explicit && !label)) continue;
    if (
      (tag === 'header' || tag === 'footer') &&
      !explicit &&
      el.parentElement?.closest('article,aside,main,nav,section')
    )
      continue;
    if (!shown(el)) continue;
    landmarks.push({ role, ...(label ? { label: cut(label, MAX_VALUE) } : {}) });
  }

  const forms: PageSnapshot['forms'] = [];
  let fields = 0;
  const addFields = (controls: ArrayLike<Element>, into: SnapshotField[]) => {
    for (let i = 0; i < controls.length; i++) {
      if (fields >= MAX_FIELDS || late()) {
        if (!omitted.some((o) => o.startsWith('form fields'))) omitted.push(`form fields after the first ${fields}`);
        return;
      }
      const field = fieldOf(controls[i]);
      if (!field) continue;
      into.push(field);
      fields++;
    }
  };
  const formEls = document.forms;
  for (let i = 0; i < formEls.length && i < MAX_FORMS; i++) {
    const form = formEls[i];
    const name = ariaName(form) || form.getAttribute('name') || form.id;
    const entry: PageSnapshot['forms'][number] = {
      ...(name ? { name } : {}),
      ...(form.getAttribute('action') !== null ? { action: form.action } : {}),
      method: (form.getAttribute('method') || 'get').toLowerCase(),
      fields: [],
    };
    addFields(form.elements, entry.fields);
    forms.push(entry);
  }
  if (formEls.length > MAX_FORMS) omitted.push(`${formEls.length - MAX_FORMS} of ${formEls.length} forms`);
  const loose = Array.from(document.querySelectorAll('input,select,textarea')).filter(
    (el) => !(el as HTMLInputElement).form,
  );
  if (loose.length > 0) {
    const entry: PageSnapshot['forms'][number] = { name: '(controls outside any form)', fields: [] };
    addFields(loose, entry.fields);
    if (entry.fields.length > 0) forms.push(entry);
  }

  const vv = window.visualViewport;
  return {
    url: location.href,
    title: document.title,
    viewport: {
      width: Math.round(vv ? vv.width * vv.scale : innerWidth),
      height: Math.round(vv ? vv.height * vv.scale : innerHeight),
    },
    scroll: { x: Math.round(scrollX), y: Math.round(scrollY) },
    elements: document.getElementsByTagName('*').length,
    headings,
    landmarks,
    forms,
    text: cut(fullText, MAX_TEXT),
    ...(query.selector !== undefined ? { element: elementAt(query) } : {}),
    omitted,
  };
}
