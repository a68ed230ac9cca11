import type { AgentHost } from '../../core';
import { loadCore } from '../coreLoader';
import type { ServerSession } from '../session';

/** The running servers, for agents' tools (the core's AGENT_TOOLS): each folder's server, its pages and their console. */
export function agentHost(sessions: () => readonly ServerSession[]): AgentHost {
  const running = (name: string) => sessions().find((s) => s.folder.name === name && s.state === 'running');
  return {
    servers: () =>
      sessions().flatMap((s) =>
        s.state === 'running' && s.externalUrl
          ? [
              {
                name: s.folder.name,
                url: loadCore().urlWithoutToken(s.externalUrl),
                pages: s.pages,
                messages: (o: { all?: boolean; page?: string; limit?: number }) => s.recentMessages(o),
              },
            ]
          : [],
      ),
    navigate: (name, path) => {
      const session = running(name);
      return !session ? 'gone' : session.navigate({ path }) ? 'sent' : 'refused';
    },
    reload: (name, ids) => running(name)?.reload(ids) ?? 'gone',
    snapshot: (name, id, query) =>
      running(name)?.snapshot(id, query) ?? Promise.resolve({ error: `${name}'s server stopped.` }),
  };
}
