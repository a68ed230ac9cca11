// What the client keeps on `window.__ferroxLive`: whether it is connected and counts of what it
// did, which the browser tests read to wait for the event they expect. And what the inline early
// script (live/liveReload.ts, EARLY_CONSOLE) holds until the client arrives.

export type ConsoleLevel = 'error' | 'warn' | 'log' | 'info' | 'debug';

/** A console call, an uncaught error or an unhandled rejection the early script caught. */
export type EarlyItem =
  | { level: ConsoleLevel; args: unknown[]; stack?: string; error?: undefined; rejection?: undefined }
  | { error: ErrorEvent; rejection?: undefined }
  | { rejection: PromiseRejectionEvent; error?: undefined };

/** The error overlay's own counts (overlay.ts). */
export interface OverlayState {
  shown: number;
  errors: unknown[];
  reveals?: number;
}

export interface LiveState {
  connected: boolean;
  events: number;
  swaps: number;
  morphs: number;
  instance?: string;
  previewed?: boolean;
  reveals?: number;
  highlights?: number;
  unmatched?: number;
  unused?: number;
  reloadReason?: string;
  errors?: OverlayState;
  sync?: { sent: number; applied: number; joined: boolean };
  /** A backend's page: its fetches again, last looks, notes and the status of an error shown over it. */
  refetches?: number;
  agains?: number;
  notes?: number;
  note?: string;
  error?: number | null;
}

declare global {
  interface Window {
    __ferroxLive?: LiveState;
    __ferroxEarly?: EarlyItem[] | null;
  }
}
