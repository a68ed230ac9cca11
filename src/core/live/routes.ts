import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../http';
import { ROUTES } from './protocol';

/** A route of the page conversation, by its name in the protocol (ROUTES), without the prefix. */
export type RouteName = Exclude<keyof typeof ROUTES, 'prefix'>;

/** How one route is answered: the methods it takes, and the answer. */
export interface Route {
  methods: readonly ('GET' | 'HEAD' | 'POST')[];
  answer(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

/**
 * Every route under /__ferrox/, keyed by the protocol's names: the compiler refuses a table that
 * misses one, and a route added to the protocol must be answered here.
 */
export type RouteTable = Readonly<Record<RouteName, Route>>;

const BY_PATH = new Map(
  (Object.keys(ROUTES) as (keyof typeof ROUTES)[]).flatMap((name) =>
    name === 'prefix' ? [] : [[ROUTES[name] as string, name as RouteName]],
  ),
);

/** Answers a request under /__ferrox/ from `table`: 404 for a path the protocol does not name, 405 for a method its route does not take. */
export function answerRoute(table: RouteTable, pathname: string, req: IncomingMessage, res: ServerResponse): void {
  const name = BY_PATH.get(pathname);
  const head = req.method === 'HEAD';
  if (name === undefined) return sendError(res, 404, 'Not found.', head);
  const route = table[name];
  if (!route.methods.includes(req.method as Route['methods'][number]))
    return sendError(res, 405, `The method ${req.method} is not allowed here.`, head, {
      Allow: route.methods.join(', '),
    });
  void route.answer(req, res);
}
