/**
 * agents/: what agents may ask of running servers, one set of tools for every front (VS Code's
 * language model tools, the Model Context Protocol): the open pages, their recent console
 * messages, snapshots of what they show, taking them elsewhere and reloading them. The MCP
 * endpoint (`--mcp`) answers only MCP clients on this machine; the SDK is its own bundle, loaded
 * on the first request. Never runs script in a page, never reads served files.
 */
export { McpEndpoint, mcpRefusal, MCP_BODY_LIMIT, MCP_PATH } from './mcp';
export { KEPT_MESSAGES, RecentMessages, type ReportedMessage } from './recentMessages';
export {
  AGENT_TOOLS,
  MAX_SNAPSHOT_PAGES,
  oneServerHost,
  runAgentTool,
  type OneServer,
  type AgentHost,
  type AgentServer,
  type AgentTool,
} from './tools';
