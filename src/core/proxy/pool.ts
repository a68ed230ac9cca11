import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ProxyRule } from './rules';

/**
 * What the proxy keeps open between requests, so that close() can end all of it:
 *
 * - keep-alive connection pools to the backends, one per scheme and certificate policy, so a page
 *   with many API calls does not pay a TCP (and TLS) handshake for each. Idle sockets are closed
 *   after 4 s, before the 5 s most Node and Python servers keep an idle connection, so a request
 *   rarely lands on a socket the backend is closing;
 * - WebSocket tunnels: once upgraded, their sockets belong to no HTTP server, so nothing else
 *   would close them when the server stops.
 */
export class ProxyPool {
  private readonly agents = new Map<string, http.Agent>();
  private readonly tunnels = new Set<Duplex>();

  agentFor(rule: ProxyRule): http.Agent {
    const key = `${rule.target.protocol}${rule.secure}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' as const, noDelay: true };
      agent =
        rule.target.protocol === 'https:'
          ? new https.Agent({ ...options, rejectUnauthorized: rule.secure })
          : new http.Agent(options);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Follows a tunnel's socket until it closes. */
  track(socket: Duplex): void {
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
  }

  /** Open WebSocket tunnels (each counted by its two sockets). */
  get openTunnelSockets(): number {
    return this.tunnels.size;
  }

  /** Closes every WebSocket tunnel (a listener that closes would otherwise wait for them forever). */
  closeTunnels(): void {
    for (const socket of this.tunnels) socket.destroy();
    this.tunnels.clear();
  }

  /** Closes every pooled connection and every tunnel. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    this.closeTunnels();
  }
}
