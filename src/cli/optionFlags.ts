import { declaredOptions } from '../core';

/**
 * The core names options as ServerOptions does; a person at a terminal typed flags. This says the
 * core's validation messages in flags, as the extension says them in settings. The names come
 * from the options' declarations.
 */
const FLAG_FOR_OPTION: Record<string, string> = Object.fromEntries(
  declaredOptions().flatMap(([name, d]) => [
    ...(d.flag ? [[name, d.flag.usage.split(' ')[0]]] : []),
    ...Object.entries(d.parts ?? {}).map(([part, names]) => [part, names.flag]),
  ]),
);

/** A core validation message with the flags named instead of the options (and TLS said the CLI's way). */
export function nameFlags(problem: string): string {
  return problem
    .replace(/set tls\.cert and tls\.key/g, 'give --https, or --tls-cert and --tls-key')
    .replace(/(^|; |\n)(tls\.cert|tls\.key|[a-zA-Z][a-zA-Z0-9]*)(?=[ :])/g, (word, lead: string, name: string) => {
      const flag = FLAG_FOR_OPTION[name];
      return flag ? `${lead}${flag}` : word;
    });
}
