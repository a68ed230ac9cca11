import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fromThisMachine, readJsonBody, sendBody } from '../http';
import { LIVE_ROUTES } from '../live';
import { AGENT_TOOLS, runAgentTool, type AgentHost } from './tools';

type Bundle = typeof import('./mcpBundle');

const BUNDLE = 'mcp-bundle.js';
/** Where `--mcp` serves the protocol, on the server's own port. */
export const MCP_PATH = LIVE_ROUTES.mcp;
/** The largest MCP request read (a tool call's arguments are small). */
export const MCP_BODY_LIMIT = 256 * 1024;
let loaded: Bundle | undefined;

/** The SDK's bundle, beside the core's (dist/), or in dist/ four levels up when the tests run from out/. */
function bundle(): Bundle {
  if (loaded) return loaded;
  const candidates = [path.join(__dirname, BUNDLE), path.join(__dirname, '..', '..', '..', '..', 'dist', BUNDLE)];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) throw new Error(`MCP: cannot find ${BUNDLE} near ${__dirname}; run "npm run build"`);
  loaded = createRequire(__filename)(file) as Bundle;
  return loaded;
}

/**
 * Why a request may not reach the MCP endpoint, or undefined: it is for MCP clients on this
 * machine. Anything else is refused before a byte of it is read: a request from another machine
 * (a share participant holding the token, a forwarded port, anything through a proxy), and
 * anything a browser sends (an Origin or Sec-Fetch-Site header: no page, of any origin, this one's
 * included, drives the tools; the protocol's own rule against DNS rebinding). A foreign Host
 * never gets this far (the pipeline's guard).
 */
export function mcpRefusal(req: IncomingMessage, trustProxy: boolean): string | undefined {
  if (!fromThisMachine(req, trustProxy))
    return 'The Model Context Protocol is served to this machine only (a loopback client, a loopback Host, no proxy).';
  const h = req.headers;
  // A browser sends Origin with every POST, of its own origin too; Sec-Fetch-Site where it knows it.
  // (Node's fetch sends Sec-Fetch-Mode alone: that is no sign of a page.)
  if (h.origin !== undefined || h['sec-fetch-site'] !== undefined)
    return 'The Model Context Protocol is for MCP clients: a web page (of any origin) may not reach it.';
  return undefined;
}

/** The MCP endpoint of one server: what `--mcp` serves at /__ferrox/mcp. */
export class McpEndpoint {
  constructor(
    private readonly host: AgentHost,
    private readonly trustProxy: () => boolean,
  ) {}

  /** Answers one request; never throws (a failure is a 500 naming it). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const refusal = mcpRefusal(req, this.trustProxy());
      if (refusal) return refuse(res, 403, refusal);
      const body = await readJsonBody(req, res, MCP_BODY_LIMIT);
      if (body === undefined) return;
      await bundle().answerMcp(req, res, body, {
        version: packageVersion(),
        tools: AGENT_TOOLS,
        run: (name, input) => runAgentTool(this.host, name, input),
      });
    } catch (err) {
      if (!res.headersSent) refuse(res, 500, `MCP failed: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    }
  }
}

/** A refusal as MCP clients read one (a JSON-RPC error, as the SDK's own), so an agent can say why. */
function refuse(res: ServerResponse, status: number, message: string): void {
  sendBody(
    res,
    status,
    { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }),
    false,
  );
}

let version: string | undefined;
/** The package's version, from the package.json above dist/ (or above out/ in the tests). */
function packageVersion(): string {
  if (version) return version;
  for (const file of [
    path.join(__dirname, '..', 'package.json'),
    path.join(__dirname, '..', '..', '..', '..', 'package.json'),
  ]) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (parsed.version) return (version = parsed.version);
    } catch {
      /* the other layout */
    }
  }
  return (version = '0.0.0');
}
