/**
 * Tools for agents in VS Code (language model tools): the core's AGENT_TOOLS, registered under
 * the names package.json declares (`languageModelTools`, which a unit test holds equal to the
 * core's definitions). Read-only tools run at once; a tool that changes what pages show asks the
 * user first (VS Code's confirmation, from the tool's own `confirmation`). The core is loaded
 * when a tool is first invoked, not at activation. Registered where this VS Code has the API.
 */
import * as vscode from 'vscode';
import type { AgentHost } from '../../core';
import { loadCore, type Core } from '../coreLoader';

function result(value: unknown): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(value, null, 1))]);
}

type Input = Record<string, unknown>;

/** The tool `name` of the core (`core`: loaded on first use), invoked against `host`; a clear answer for every failure, never a throw. */
export function agentTool(
  name: string,
  host: () => AgentHost,
  core: () => Pick<Core, 'AGENT_TOOLS' | 'runAgentTool'> = loadCore,
): vscode.LanguageModelTool<Input> {
  const definition = () => core().AGENT_TOOLS.find((t) => t.name === name);
  return {
    prepareInvocation: (options) => {
      const tool = definition();
      if (!tool?.confirmation) return undefined;
      const asked = tool.confirmation(options.input ?? {}, host());
      // Plain text: what the model wrote is shown, never rendered as Markdown.
      return { invocationMessage: asked.title, confirmationMessages: asked };
    },
    invoke: async (options) => result(await core().runAgentTool(host(), name, options.input ?? {})),
  };
}

/** Registers every tool `declared` (package.json's languageModelTools) against the running servers. */
export function registerTools(declared: readonly string[], host: () => AgentHost): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return declared.map((name) => vscode.lm.registerTool<Input>(name, agentTool(name, host)));
}
