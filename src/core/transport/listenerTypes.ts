import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a listener calls for every request. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** How listeners report what the host may want to know. */
export type Diagnose = (level: 'debug' | 'info' | 'warning' | 'error', message: string, error?: Error) => void;

/** Calls `onResponseClosed` whenever any response of the server closes, until the returned function is called. */
export type WatchResponses = (onResponseClosed: () => void) => () => void;
