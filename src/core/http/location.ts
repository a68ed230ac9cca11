/**
 * A request target as a `Location` that stays on this origin: an absolute-form target's path
 * alone, and one leading slash however many slashes or backslashes it starts with (a browser
 * reads `//host/` and `/\\host/` as another site).
 */
export function sameOriginLocation(target: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  return '/' + (absolute ? target.slice(absolute[0].length) : target).replace(/^[/\\]+/, '');
}
