/**
 * What most likely keeps a backend's page the same after an edit, and how to turn it off, in the
 * words of the backend that runs. Ferrox never rewrites the command: it says what to change.
 * (PHP's OPcache is handled without a word: see phpFreshness.ts.)
 */

/** Flask's own line when it caches templates (debug off), whatever the command says. */
const FLASK_DEBUG_OFF = /\bDebug mode: off\b/;

/**
 * A line of the backend's output that says it will hide edits, with the fix; undefined for the
 * rest. Judged from what the backend prints, not from its command: with Flask 3.1 and click 8.4,
 * `flask --debug run` prints "Debug mode: off".
 */
export function outputHint(line: string): string | undefined {
  if (FLASK_DEBUG_OFF.test(line)) {
    return (
      'Flask says "Debug mode: off": it caches templates, so an edited template does not show until it restarts. ' +
      'Put --debug after run (flask --app app run --debug --port {port}), or set TEMPLATES_AUTO_RELOAD = True.'
    );
  }
  return undefined;
}

/** What most likely caches the pages of the backend `command` (undefined: one Ferrox did not start), and how to turn it off. */
export function cacheCause(command: string | undefined, flaskDebugOff: boolean): string {
  const c = command ?? '';
  if (flaskDebugOff || /\bflask\b/.test(c)) {
    return 'Flask caches templates while debug mode is off: put --debug after run (flask --app app run --debug), or set TEMPLATES_AUTO_RELOAD = True.';
  }
  if (/\bmanage\.py\b|\bdjango\b/i.test(c)) {
    return 'Django caches templates (the cached template loader) unless DEBUG = True: set DEBUG = True in your development settings.';
  }
  if (/\bartisan\b/.test(c))
    return 'Laravel keeps compiled views: run php artisan view:clear, or leave view caching off while you develop.';
  if (/\bphp\b/i.test(c))
    return "A framework's view or template cache (Twig's cache, Smarty's compile check off) may keep it: turn it off while you develop.";
  if (/\b(?:node|nodemon|npm|npx|express)\b/.test(c)) {
    return "Express caches views when NODE_ENV is production (app.set('view cache', false) turns that off).";
  }
  return (
    "The backend may cache its templates or views (a template cache, PHP's OPcache re-checking files only every few seconds, " +
    'a production mode): turn that off while you develop.'
  );
}
