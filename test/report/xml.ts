/**
 * A small, strict XML reader for checking junit.xml structurally: elements, attributes, text
 * and the five predefined entities plus character references. It throws on anything that is
 * not well-formed (mismatched tags, a bare '<' or '&', unquoted attributes, two roots).
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  const reader = new Reader(source);
  reader.skipProlog();
  const root = reader.element();
  reader.skipMisc();
  if (!reader.done()) throw new Error(`content after the root element at ${reader.position}`);
  return root;
}

/** Every descendant (and the element itself) with this name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const own = element.name === name ? [element] : [];
  return [...own, ...element.children.flatMap((child) => findAll(child, name))];
}

class Reader {
  position = 0;

  constructor(private readonly source: string) {}

  done(): boolean {
    return this.position >= this.source.length;
  }

  skipProlog(): void {
    if (this.source.startsWith('<?xml', this.position)) this.skipPast('?>');
    this.skipMisc();
  }

  skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.source.startsWith('<!--', this.position)) this.skipPast('-->');
      else return;
    }
  }

  element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.source.startsWith('/>', this.position)) {
        this.position += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (this.peek() === '>') break;
      if (!hadSpace) throw new Error(`expected whitespace before an attribute at ${this.position}`);
      const attribute = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      if (attribute in attributes) throw new Error(`duplicate attribute ${attribute} on <${name}>`);
      attributes[attribute] = this.quoted();
    }
    this.expect('>');
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (this.done()) throw new Error(`<${name}> is never closed`);
      if (this.source.startsWith('</', this.position)) {
        this.position += 2;
        const closing = this.name();
        if (closing !== name) throw new Error(`</${closing}> closes <${name}> at ${this.position}`);
        this.skipSpace();
        this.expect('>');
        return { name, attributes, children, text };
      }
      if (this.source.startsWith('<!--', this.position)) this.skipPast('-->');
      else if (this.peek() === '<') children.push(this.element());
      else text += this.character('<');
    }
  }

  private quoted(): string {
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute value at ${this.position}`);
    this.position++;
    let value = '';
    while (this.peek() !== quote) {
      if (this.done()) throw new Error('unterminated attribute value');
      if (this.peek() === '<') throw new Error(`'<' in an attribute value at ${this.position}`);
      value += this.character(quote);
    }
    this.position++;
    return value;
  }

  /** One character of text or one reference, decoded. */
  private character(terminator: string): string {
    const char = this.peek();
    if (char === terminator) throw new Error(`unexpected '${terminator}' at ${this.position}`);
    if (char !== '&') {
      this.position++;
      return char;
    }
    const end = this.source.indexOf(';', this.position);
    if (end === -1) throw new Error(`unterminated reference at ${this.position}`);
    const reference = this.source.slice(this.position + 1, end);
    this.position = end + 1;
    if (reference.startsWith('#x')) return String.fromCodePoint(Number.parseInt(reference.slice(2), 16));
    if (reference.startsWith('#')) return String.fromCodePoint(Number.parseInt(reference.slice(1), 10));
    const decoded = PREDEFINED[reference];
    if (decoded === undefined) throw new Error(`unknown entity &${reference};`);
    return decoded;
  }

  private name(): string {
    const start = this.position;
    while (!this.done() && isNameChar(this.peek())) this.position++;
    if (this.position === start) throw new Error(`expected a name at ${start}`);
    return this.source.slice(start, this.position);
  }

  private skipSpace(): boolean {
    const start = this.position;
    while (!this.done() && ' \t\r\n'.includes(this.peek())) this.position++;
    return this.position > start;
  }

  private skipPast(terminator: string): void {
    const end = this.source.indexOf(terminator, this.position);
    if (end === -1) throw new Error(`missing ${terminator}`);
    this.position = end + terminator.length;
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw new Error(`expected '${char}' at ${this.position}, found '${this.peek()}'`);
    this.position++;
  }

  private peek(): string {
    return this.source[this.position] ?? '';
  }
}

function isNameChar(char: string): boolean {
  return (
    (char >= 'a' && char <= 'z') ||
    (char >= 'A' && char <= 'Z') ||
    (char >= '0' && char <= '9') ||
    '-_.:'.includes(char)
  );
}
