import { describePages, type ConnectedPage } from '../live';

/** Pages come and go in bursts (a reload is a close and a connect): the list is told once it settles. */
const SETTLE_MS = 300;

/**
 * Tells `report` the connected pages once they have settled, and only when the list reads
 * differently from the last one told (a page that reloads is not news).
 */
export class PagesReport {
  private timer: NodeJS.Timeout | undefined;
  private told = describePages([]);

  constructor(
    private readonly pages: () => ConnectedPage[],
    private readonly report: (pages: ConnectedPage[]) => void,
  ) {}

  changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const pages = this.pages();
      const text = describePages(pages);
      if (text === this.told) return;
      this.told = text;
      this.report(pages);
    }, SETTLE_MS);
    this.timer.unref();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
