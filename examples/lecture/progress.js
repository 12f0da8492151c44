'use strict';
/**
 * Progress for a long run: a bar redrawn in place on a terminal, or a line per finished
 * task when the output is a file or a pipe (CI logs stay readable).
 */
class Progress {
  /** @param {number} total units of work in the whole run */
  constructor(total, stream = process.stderr) {
    this.total = total;
    this.done = 0;
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.started = Date.now();
    this.label = '';
  }

  /** Names what is running now. */
  describe(label) {
    this.label = label;
    this.draw();
  }

  /** Marks `units` of work done. */
  advance(units = 1) {
    this.done = Math.min(this.total, this.done + units);
    this.draw();
  }

  /** Prints a line above the bar (a finished claim's verdict). */
  log(line) {
    if (this.tty) this.stream.write('\r\x1b[2K');
    this.stream.write(`${line}\n`);
    this.draw();
  }

  /** Clears the bar at the end. */
  finish() {
    if (this.tty) this.stream.write('\r\x1b[2K');
  }

  draw() {
    if (!this.tty) return;
    const width = 30;
    const share = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(share * width);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    const bar = `[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${seconds}s ${this.label}`;
    const columns = this.stream.columns || 100;
    this.stream.write(`\r\x1b[2K${bar.slice(0, columns - 1)}`);
  }
}

module.exports = { Progress };
