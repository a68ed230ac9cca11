// The Model Context Protocol's official TypeScript SDK, as its own bundle (dist/mcp-bundle.js),
// loaded by mcp.ts on the first MCP request: a server that never serves MCP never loads it.
// Stateless Streamable HTTP: each POST gets a fresh protocol server and transport, answered with
// JSON (no stream to keep, nothing to clean up but what the answer's close ends).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AgentTool } from './tools';

export interface McpAnswer {
  version: string;
  tools: readonly AgentTool[];
  run(name: string, input: unknown): Promise<Record<string, unknown>>;
}

/** Answers one MCP POST whose JSON body was read already. */
export async function answerMcp(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  answer: McpAnswer,
): Promise<void> {
  const server = new Server(
    { name: 'ferrox', title: 'Ferrox', version: answer.version },
    {
      capabilities: { tools: {} },
      instructions:
        'Ferrox serves a folder with live reload. Its tools see the pages open in browsers on every device ' +
        '(ferrox_pages), their console errors mapped to source files (ferrox_console) and what they show ' +
        '(ferrox_snapshot); ferrox_navigate and ferrox_reload change what the pages show.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: answer.tools.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema,
      annotations: {
        title: t.title,
        readOnlyHint: t.readOnly,
        destructiveHint: false,
        idempotentHint: t.readOnly,
        openWorldHint: false,
      },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const out = await answer.run(request.params.name, request.params.arguments ?? {});
    return { content: [{ type: 'text' as const, text: JSON.stringify(out, null, 1) }], isError: 'error' in out };
  });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
