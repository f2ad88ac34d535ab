/**
 * The offset of the first character where `text` stops being valid JSON (RFC 8259), or
 * undefined when it is valid. V8 gives a position for some syntax errors only; for the others its
 * message quotes the text instead, which kcr must not echo, so the place is found here.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.value();
    scanner.whitespace();
    if (scanner.at < text.length) throw scanner.at;
    return undefined;
  } catch (offset) {
    if (typeof offset !== 'number') throw offset;
    return offset;
  }
}

/** A recognizer only: it builds nothing and throws the offset of the first bad character. */
class JsonScanner {
  at = 0;

  constructor(private readonly text: string) {}

  whitespace(): void {
    while (/[ \t\n\r]/.test(this.text[this.at] ?? '')) this.at += 1;
  }

  value(): void {
    this.whitespace();
    const char = this.text[this.at];
    if (char === '{') return this.container('}', true);
    if (char === '[') return this.container(']', false);
    if (char === '"') return this.string();
    if (char === '-' || /\d/.test(char ?? '')) return this.number();
    for (const word of ['true', 'false', 'null']) if (char === word[0]) return this.word(word);
    throw this.at;
  }

  private number(): void {
    if (this.text[this.at] === '-') this.at += 1;
    if (this.text[this.at] === '0') this.at += 1;
    else this.digits();
    if (this.text[this.at] === '.') {
      this.at += 1;
      this.digits();
    }
    if (this.text[this.at] === 'e' || this.text[this.at] === 'E') {
      this.at += 1;
      if (this.text[this.at] === '+' || this.text[this.at] === '-') this.at += 1;
      this.digits();
    }
  }

  /** One or more digits, or an error at the first non-digit. */
  private digits(): void {
    if (!/\d/.test(this.text[this.at] ?? '')) throw this.at;
    while (/\d/.test(this.text[this.at] ?? '')) this.at += 1;
  }

  private word(word: string): void {
    for (const expected of word) {
      if (this.text[this.at] !== expected) throw this.at;
      this.at += 1;
    }
  }

  private container(close: string, isObject: boolean): void {
    this.at += 1;
    this.whitespace();
    if (this.text[this.at] === close) {
      this.at += 1;
      return;
    }
    for (;;) {
      if (isObject) {
        this.whitespace();
        if (this.text[this.at] !== '"') throw this.at;
        this.string();
        this.whitespace();
        if (this.text[this.at] !== ':') throw this.at;
        this.at += 1;
      }
      this.value();
      this.whitespace();
      const char = this.text[this.at];
      this.at += 1;
      if (char === close) return;
      if (char !== ',') throw this.at - 1;
    }
  }

  private string(): void {
    if (!this.match(/"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y)) {
      // Point at the bad character inside the string, or at its end when it is unterminated.
      const valid = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;
      valid.lastIndex = this.at;
      valid.exec(this.text);
      throw this.text[valid.lastIndex] === '\\' ? this.badEscapeOffset(valid.lastIndex + 1) : valid.lastIndex;
    }
  }

  /** V8 points at the escaped character, or at the first non-hex digit of a `\u` escape. */
  private badEscapeOffset(at: number): number {
    if (this.text[at] !== 'u') return at;
    let offset = at + 1;
    while (offset < at + 5 && /[0-9a-fA-F]/.test(this.text[offset] ?? '')) offset += 1;
    return offset;
  }

  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (!found) return false;
    this.at += found[0].length;
    return true;
  }
}
