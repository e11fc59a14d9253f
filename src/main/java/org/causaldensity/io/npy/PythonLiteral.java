package org.causaldensity.io.npy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the subset of Python literals that .npy headers use: dicts with string keys, strings, integers,
 * {@code True}/{@code False}/{@code None}, tuples and lists. It evaluates nothing, bounds its nesting, and reports
 * any other text as a {@link SyntaxError} with the character position.
 *
 * <p>Values come back as {@link String}, {@link Long}, {@link Oversized} (an integer beyond {@code long}),
 * {@link Boolean}, {@link #NONE}, {@link Tuple}, {@link List} and {@link Map} (keys in file order).
 * Tolerated like Python: any whitespace between tokens, trailing commas, either quote, a {@code u} prefix, and
 * Python 2's {@code L} suffix on integers (old numpy wrote {@code (32000L, 32000L)}).
 */
final class PythonLiteral {
  /** Nesting deeper than this is refused, so hostile headers cannot exhaust the stack. */
  static final int MAX_DEPTH = 16;
  /** Python's {@code None}. */
  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  /** A Python tuple; a Python list is a plain {@link List}. */
  record Tuple(List<Object> items) {}

  /** An integer literal too large for a {@code long}; keeps its text (shortened) for messages. */
  record Oversized(String text) {}

  /** Text that is not a literal of the accepted subset. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int position;

    SyntaxError(String problem, int position) {
      super(problem);
      this.position = position;
    }

    /** Zero-based character index in the parsed text where the problem was found. */
    int position() {
      return position;
    }
  }

  private final String text;
  private int pos;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /** Parses {@code text}, which must hold exactly one literal, optionally surrounded by whitespace. */
  static Object parse(String text) throws SyntaxError {
    PythonLiteral parser = new PythonLiteral(text);
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos < text.length()) {
      throw parser.error("unexpected text after the literal");
    }
    return value;
  }

  private Object value(int depth) throws SyntaxError {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    skipWhitespace();
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return dict(depth);
      case '(':
        return tuple(depth);
      case '[':
        return list(depth);
      case '\'':
      case '"':
        return string();
      case '-':
      case '+':
        return integer();
      default:
        if (c >= '0' && c <= '9') {
          return integer();
        }
        if ((c == 'u' || c == 'U') && pos + 1 < text.length() && isQuote(text.charAt(pos + 1))) {
          pos++;
          return string();
        }
        if (Character.isLetter(c) || c == '_') {
          return name();
        }
        throw error("unexpected character " + NpyHeader.printable(String.valueOf(c)));
    }
  }

  private Map<String, Object> dict(int depth) throws SyntaxError {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (consume('}')) {
      return map;
    }
    while (true) {
      int keyPos = pos;
      Object key = value(depth + 1);
      if (!(key instanceof String)) {
        pos = keyPos;
        throw error("dict key " + NpyHeader.describe(key) + " is not a string");
      }
      skipWhitespace();
      if (!consume(':')) {
        throw error("expected ':' after the key " + NpyHeader.describe(key));
      }
      Object item = value(depth + 1);
      if (map.containsKey(key)) {
        pos = keyPos;
        throw error("the key " + NpyHeader.describe(key) + " appears twice");
      }
      map.put((String) key, item);
      skipWhitespace();
      if (consume(',')) {
        skipWhitespace();
        if (consume('}')) {
          return map;
        }
      } else if (consume('}')) {
        return map;
      } else {
        throw error("expected ',' or '}'");
      }
    }
  }

  private Object tuple(int depth) throws SyntaxError {
    pos++;
    skipWhitespace();
    if (consume(')')) {
      return new Tuple(Collections.emptyList());
    }
    Object first = value(depth + 1);
    skipWhitespace();
    if (consume(')')) {
      return first; // "(5)" is the integer 5, not a tuple: Python's rule
    }
    List<Object> items = new ArrayList<>();
    items.add(first);
    sequenceRest(items, ')', depth);
    return new Tuple(Collections.unmodifiableList(items));
  }

  private List<Object> list(int depth) throws SyntaxError {
    pos++;
    skipWhitespace();
    List<Object> items = new ArrayList<>();
    if (consume(']')) {
      return items;
    }
    items.add(value(depth + 1));
    skipWhitespace();
    if (consume(']')) {
      return items;
    }
    sequenceRest(items, ']', depth);
    return items;
  }

  /** After the first item of a tuple or list: ", item" repeated, an optional trailing comma, then the close. */
  private void sequenceRest(List<Object> items, char close, int depth) throws SyntaxError {
    while (true) {
      if (!consume(',')) {
        throw error("expected ',' or '" + close + "'");
      }
      skipWhitespace();
      if (consume(close)) {
        return;
      }
      items.add(value(depth + 1));
      skipWhitespace();
      if (consume(close)) {
        return;
      }
    }
  }

  private String string() throws SyntaxError {
    int start = pos;
    char quote = text.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          break;
        }
        char escaped = text.charAt(pos++);
        if (escaped != '\\' && escaped != '\'' && escaped != '"') {
          pos -= 2;
          throw error("unsupported escape \\" + NpyHeader.printable(String.valueOf(escaped)) + " in a string");
        }
        c = escaped;
      }
      out.append(c);
    }
    pos = start;
    throw error("unterminated string");
  }

  private Object integer() throws SyntaxError {
    int start = pos;
    boolean negative = text.charAt(pos) == '-';
    if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
      pos++;
      skipWhitespace(); // Python accepts "- 3"
    }
    int digitsStart = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    String digits = text.substring(digitsStart, pos);
    if (digits.isEmpty()) {
      pos = start;
      throw error("expected digits");
    }
    if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
      pos++;
    }
    if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
        || text.charAt(pos) == '_')) {
      pos = start;
      throw error("malformed integer (only plain decimal integers are accepted)");
    }
    String signed = negative ? "-" + digits : digits;
    if (digits.length() <= 18) {
      return Long.parseLong(signed);
    }
    try {
      return Long.parseLong(signed);
    } catch (NumberFormatException e) {
      return new Oversized(signed.length() > 30 ? signed.substring(0, 30) + "..." : signed);
    }
  }

  private Object name() throws SyntaxError {
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    String name = text.substring(start, pos);
    switch (name) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return NONE;
      default:
        pos = start;
        throw error("unknown name " + NpyHeader.printable(name) + " (only True, False and None are literals)");
    }
  }

  private static boolean isQuote(char c) {
    return c == '\'' || c == '"';
  }

  private boolean consume(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\u000b') {
        return;
      }
      pos++;
    }
  }

  private SyntaxError error(String problem) {
    return new SyntaxError(problem, pos);
  }
}
