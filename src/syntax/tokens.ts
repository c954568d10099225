import type { Span } from './span.js';

export type TokenKind =
  | 'ident'
  | 'int'
  | 'string'
  | 'directive' // `.input`, `.component`, ...: the text holds the name without the dot
  | 'newline'
  | 'eof'
  | '(' | ')' | ',' | '.' | '@' | '!' | ':'
  | ':-' | ':+' | ':~' | '->'
  | '=' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '+' | '-' | '*' | '/' | '%';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token; for strings the decoded value, for directives the name. */
  readonly text: string;
  readonly span: Span;
}

/** How a token kind is shown in "expected ..., found ..." messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'ident':
      return `\`${t.text}\``;
    case 'int':
      return `number ${t.text}`;
    case 'string':
      return 'a string';
    case 'directive':
      return `\`.${t.text}\``;
    case 'newline':
      return 'end of line';
    case 'eof':
      return 'end of file';
    default:
      return `\`${t.kind}\``;
  }
}
