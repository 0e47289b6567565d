// Splits streamed text into lines without ever holding more than `maxLength` characters of one line: a
// longer line is passed on cut, once, and the rest of it up to the next newline is dropped. Output of
// other people's builds has no line length anyone promised.
export class LineSplitter {
  private partial = "";
  private dropping = false;

  constructor(
    private readonly maxLength: number,
    private readonly onLine: (line: string, cut: boolean) => void,
  ) {}

  push(text: string): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      const end = newline === -1 ? text.length : newline;
      if (!this.dropping) {
        const room = this.maxLength - this.partial.length;
        if (end - start > room) {
          this.onLine(this.partial + text.slice(start, start + room), true);
          this.partial = "";
          this.dropping = true;
        } else {
          this.partial += text.slice(start, end);
        }
      }
      if (newline === -1) return;
      if (!this.dropping) this.onLine(this.partial, false);
      this.partial = "";
      this.dropping = false;
      start = newline + 1;
    }
  }

  // The last line, when the text did not end with a newline.
  end(): void {
    if (this.partial && !this.dropping) this.onLine(this.partial, false);
    this.partial = "";
    this.dropping = false;
  }
}
