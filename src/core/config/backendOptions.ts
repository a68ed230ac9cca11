import { parseBackendUrl } from '../proxy';
import { show } from './errors';

/** The checks of the options that put a backend in front of the folder (`backend`, `backendUrl`, `watch`). */

/** `backend` and `backendUrl`: one source for the site, and no proxy rule for "/" beside it. */
export function checkBackend(o: { backend?: string; backendUrl?: string; proxy?: object }, p: string[]): void {
  if (o.backend !== undefined && (typeof o.backend !== 'string' || o.backend.trim() === '')) {
    p.push(
      `backend must be the command that starts the backend, such as "php -S 127.0.0.1:{port}", got ${show(o.backend)}`,
    );
  }
  if (o.backendUrl !== undefined) parseBackendUrl(o.backendUrl, 'backendUrl', p);
  if (o.backend !== undefined && o.backendUrl !== undefined) {
    p.push(
      `backend (${show(o.backend)}) and backendUrl (${show(o.backendUrl)}) both say where the site comes from: give one`,
    );
  }
  const rootRule = Object.keys(o.proxy ?? {}).some((k) => k.replace(/\/+$/, '') === '');
  if (rootRule && (o.backend !== undefined || o.backendUrl !== undefined))
    p.push('proxy has a rule for "/" while a backend takes the whole site: give one');
}

/** A list of folders (`watch`): each a non-empty path; whether it exists is known only at start. */
export function checkFolders(folders: unknown, name: string, p: string[]): void {
  if (folders === undefined) return;
  if (!Array.isArray(folders) || folders.some((f) => typeof f !== 'string' || f.trim() === '')) {
    p.push(`${name} must be a list of folders, got ${show(folders)}`);
  }
}
