import { isHostFile, loadHostConfig, NO_HOST_CONFIG, type HostConfig } from '../hosting';

/** How a server tells its host about the hosts' files: what applies, and each problem once. */
export interface HostFilesReport {
  info(message: string): void;
  warning(message: string): void;
}

/** "_redirects (3 redirects, 1 rewrite) and vercel.json (2 header rules)". */
export function describeHostFiles(config: HostConfig): string {
  const files = config.files.map((f) => `${f.file} (${f.holds})`);
  return files.length <= 1 ? files.join('') : `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
}

/**
 * The hosts' files of one server (`hostConfig`): read at each configuration and whenever one of
 * them changes, reported when what applies reads differently, each problem said once per
 * wording (a malformed line, an unsupported rule), and the folders that hold them watched.
 */
export class HostFiles {
  private config: HostConfig = NO_HOST_CONFIG;
  private root: string | undefined;
  private told = '';
  private readonly said = new Set<string>();
  private loads = 0;

  constructor(private readonly report: HostFilesReport) {}

  get current(): HostConfig {
    return this.config;
  }

  /** Reads the files of the folder `realRoot` (or none, when `on` is false). */
  async load(realRoot: string, on: boolean): Promise<HostConfig> {
    this.root = on ? realRoot : undefined;
    this.config = on ? await loadHostConfig(realRoot) : NO_HOST_CONFIG;
    const text = describeHostFiles(this.config);
    // The first configuration is said by the host's start-up (its block, its log); later ones here.
    if (text !== this.told && this.loads++ > 0)
      this.report.info(text ? `The site's host rules now: ${text}.` : "The site's host rules are gone.");
    this.told = text;
    if (this.config.publicDir)
      this.once(
        `${this.config.publicDir.file} names ${this.config.publicDir.dir} as the folder it deploys: serving that folder`,
        'info',
      );
    for (const p of this.config.problems)
      this.once(
        p.kind === 'error'
          ? `${p.where}: ${p.message} (left out)`
          : p.kind === 'unsupported'
            ? `${p.where}: not supported here, left out: ${p.message}`
            : `${p.where}: ${p.message}`,
        p.kind === 'note' ? 'info' : 'warning',
      );
    return this.config;
  }

  /** Whether a changed path is one of the files read (or one that would be, created now). */
  concerns(file: string): boolean {
    return this.root !== undefined && isHostFile(file, this.root, this.config.publicDir?.dir);
  }

  /**
   * The folders to watch for the files, while there are any: the root, and the public folder a
   * file names. (A first file created in a folder nothing watches is heard with the next one the
   * caches watch, or at once from an editor's feed.)
   */
  folders(): string[] {
    if (!this.root || (this.config.files.length === 0 && !this.config.publicDir)) return [];
    return this.config.publicDir ? [this.root, this.config.publicDir.dir] : [this.root];
  }

  private once(message: string, level: 'info' | 'warning'): void {
    if (this.said.has(message)) return;
    this.said.add(message);
    if (level === 'info') this.report.info(message);
    else this.report.warning(message);
  }
}
