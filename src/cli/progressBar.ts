import type { Writable } from 'node:stream';

/**
 * A one-line progress bar for long applies, drawn on stderr only when it is a terminal
 * (CI logs stay clean). Returns the callback to feed and a function that ends the line.
 */
export function createProgressBar(stream: Writable & { isTTY?: boolean }, label: string): { update: (done: number, total: number) => void; end: () => void } {
  if (!stream.isTTY) return { update: () => undefined, end: () => undefined };
  let lastDrawn = -1;
  let drawn = false;
  const width = 30;
  return {
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === lastDrawn && done !== total) return;
      lastDrawn = percent;
      drawn = true;
      const filled = Math.round((percent / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} (${percent}%)`);
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
