/**
 * Known ways a backend command hides edits from the pages Ferrox updates, said once when it
 * starts. Ferrox never rewrites the command: it says what to add.
 */
export function backendHints(command: string): string[] {
  const hints: string[] = [];
  const words = command.trim().split(/\s+/);
  const program = (words[0] ?? '').replace(/^["']|["']$/g, '').split(/[\\/]/).pop() ?? '';
  // Most distributions' php.ini turn OPcache on; `php -S` then re-checks a compiled file at most
  // every opcache.revalidate_freq seconds (2 by default), so an edit right after a render is missed.
  if (/^php(?:[\d.]+)?(?:\.exe)?$/i.test(program) && words.includes('-S') && !/opcache/i.test(command)) {
    hints.push('PHP\'s OPcache (on in most php.ini files) may keep serving a file for 2 s after you edit it, and the page would not change. ' +
      'Add -d opcache.revalidate_freq=0 after "php" to see every edit at once.');
  }
  // Flask caches templates unless debug mode (or TEMPLATES_AUTO_RELOAD) is on.
  if (/\bflask\b/.test(command) && /\brun\b/.test(command) && !/--debug\b|FLASK_DEBUG|--reload\b/.test(command)) {
    hints.push('flask run without --debug caches its templates: an edited template does not show until Flask restarts. Add --debug (flask --app app --debug run …).');
  }
  return hints;
}
