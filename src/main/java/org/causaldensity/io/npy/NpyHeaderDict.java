package org.causaldensity.io.npy;

import java.util.ArrayList;
import java.util.List;
import org.causaldensity.io.CausalDensityException;

/**
 * A strict parser of the dict a .npy header holds, and nothing more: {@code 'descr'} a string,
 * {@code 'fortran_order'} {@code True} or {@code False}, {@code 'shape'} a tuple of non-negative integers, each
 * key at most once, in any order. It evaluates nothing and never recurses, so no header can exhaust the stack.
 *
 * <p>Tolerated as numpy has written them: any whitespace between tokens, trailing commas, either quote, Python 2's
 * {@code u} prefix on strings and {@code L} suffix on integers ({@code (32000L, 32000L)}). Anything else is
 * refused: malformed text with its character position in the header, a well-formed value of the wrong kind (a
 * structured dtype, {@code None}, a list shape, {@code (4)} without its comma) with the value as written.
 */
final class NpyHeaderDict {
  /** The three values; a key absent from the header is {@code null} here (the caller names what is missing). */
  record Fields(String descr, Boolean fortranOrder, long[] shape) {}

  private final String path;
  private final String text;
  private int pos;
  private String descr;
  private Boolean fortranOrder;
  private long[] shape;

  private NpyHeaderDict(String path, String text) {
    this.path = path;
    this.text = text;
  }

  /**
   * Parses {@code text}, which must hold exactly one such dict, optionally surrounded by whitespace; refuses
   * anything else with a {@link CausalDensityException} whose subject is {@code path}.
   */
  static Fields parse(String path, String text) {
    NpyHeaderDict parser = new NpyHeaderDict(path, text);
    parser.dict();
    return new Fields(parser.descr, parser.fortranOrder, parser.shape);
  }

  private void dict() {
    skipWhitespace();
    if (pos >= text.length()) {
      throw syntax("unexpected end of text");
    }
    if (!consume('{')) {
      throw syntax("expected a dict ('{')");
    }
    skipWhitespace();
    boolean more = !consume('}');
    while (more) {
      entry();
      skipWhitespace();
      if (consume(',')) {
        skipWhitespace();
        more = !consume('}');
      } else if (consume('}')) {
        more = false;
      } else {
        throw syntax(pos >= text.length() ? "unexpected end of text" : "expected ',' or '}'");
      }
    }
    skipWhitespace();
    if (pos < text.length()) {
      throw syntax("unexpected text after the literal");
    }
  }

  private void entry() {
    int keyPos = pos;
    requireMore();
    if (!atString()) {
      String raw = rawValue(true);
      pos = keyPos;
      throw syntax("dict key " + shown(raw) + " is not a string");
    }
    String key = string();
    skipWhitespace();
    if (!consume(':')) {
      throw syntax("expected ':' after the key " + quoted(key));
    }
    skipWhitespace();
    requireMore();
    boolean seen;
    switch (key) {
      case "descr" -> {
        seen = descr != null;
        descr = descrValue();
      }
      case "fortran_order" -> {
        seen = fortranOrder != null;
        fortranOrder = fortranOrderValue();
      }
      case "shape" -> {
        seen = shape != null;
        shape = shapeValue();
      }
      default -> throw CausalDensityException.invalidFile(path,
          "header has the key %s; a .npy header holds only 'descr', 'fortran_order' and 'shape'", quoted(key));
    }
    if (seen) {
      pos = keyPos;
      throw syntax("the key " + quoted(key) + " appears twice");
    }
  }

  private String descrValue() {
    if (atString()) {
      return string();
    }
    boolean structured = pos < text.length() && text.charAt(pos) == '[';
    String raw = rawValue(false);
    if (structured) {
      throw CausalDensityException.invalidFile(path, "has a structured (record) dtype %s; accepted dtypes: %s",
          shown(raw), NpyDtype.acceptedDescriptors());
    }
    throw CausalDensityException.invalidFile(path, "has dtype descriptor %s, not a string; accepted dtypes: %s",
        shown(raw), NpyDtype.acceptedDescriptors());
  }

  private Boolean fortranOrderValue() {
    int start = pos;
    while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    String name = text.substring(start, pos);
    if (name.equals("True") || name.equals("False")) {
      return name.equals("True");
    }
    pos = start;
    throw CausalDensityException.invalidFile(path, "header has fortran_order %s, expected True or False",
        shown(rawValue(false)));
  }

  private long[] shapeValue() {
    int start = pos;
    if (!consume('(')) {
      throw notATuple(start, "");
    }
    List<Long> dims = new ArrayList<>();
    boolean comma = false;
    skipWhitespace();
    while (!consume(')')) {
      if (!dims.isEmpty() && !comma) {
        throw syntax(pos >= text.length() ? "unexpected end of text" : "expected ',' or ')'");
      }
      Long dim = dimension(start, dims.size());
      if (dim == null) {
        throw notATuple(start, "");
      }
      dims.add(dim);
      skipWhitespace();
      comma = consume(',');
      skipWhitespace();
    }
    if (dims.size() == 1 && !comma) {
      throw notATuple(start, " (a one-dimensional shape is written with a comma: (n,))");
    }
    if (dims.size() > NpyHeader.MAX_DIMENSIONS) {
      throw CausalDensityException.invalidFile(path, "header has a shape of %d dimensions, more than the %d accepted",
          dims.size(), NpyHeader.MAX_DIMENSIONS);
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  /** One dimension of the shape starting at {@code shapeStart}; null when the text there is not an integer. */
  private Long dimension(int shapeStart, int index) {
    int start = pos;
    boolean negative = consume('-');
    int digitsStart = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == digitsStart) {
      if (pos >= text.length()) {
        throw syntax("unexpected end of text");
      }
      pos = start;
      return null;
    }
    String digits = text.substring(digitsStart, pos);
    if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
      pos++;
    }
    if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
        || text.charAt(pos) == '_')) {
      pos = start;
      throw syntax("malformed integer (only plain decimal integers are accepted)");
    }
    if (negative) {
      throw CausalDensityException.invalidFile(path, "header has shape %s, whose dimension %d is negative",
          shown(rawFrom(shapeStart)), index);
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw CausalDensityException.invalidFile(path, "header has shape %s, whose dimension %d is beyond %d",
          shown(rawFrom(shapeStart)), index, Long.MAX_VALUE);
    }
  }

  private CausalDensityException notATuple(int shapeStart, String hint) {
    return CausalDensityException.invalidFile(path,
        "header has shape %s, expected a tuple of integers such as (32000, 32000)%s", shown(rawFrom(shapeStart)),
        hint);
  }

  private String rawFrom(int start) {
    pos = start;
    return rawValue(false);
  }

  /**
   * The text of the value starting here, for a message: up to the next ',' or '}' (or ':' for a key) outside
   * brackets and quotes, trimmed. Brackets are counted, not recursed into.
   */
  private String rawValue(boolean key) {
    int start = pos;
    int depth = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\'' || c == '"') {
        int close = text.indexOf(c, pos + 1);
        pos = close < 0 ? text.length() : close + 1;
        continue;
      }
      if (depth == 0 && (c == ',' || c == '}' || (key && c == ':'))) {
        break;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      }
      pos++;
    }
    return text.substring(start, pos).trim();
  }

  private boolean atString() {
    if (pos >= text.length()) {
      return false;
    }
    char c = text.charAt(pos);
    return isQuote(c) || ((c == 'u' || c == 'U') && pos + 1 < text.length() && isQuote(text.charAt(pos + 1)));
  }

  /** A quoted string; only the escapes {@code \\ \' \"} are accepted (numpy writes none). */
  private String string() {
    if (!isQuote(text.charAt(pos))) {
      pos++; // the u prefix
    }
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
          throw syntax("unsupported escape \\" + NpyHeader.printable(String.valueOf(escaped)) + " in a string");
        }
        c = escaped;
      }
      out.append(c);
    }
    pos = start;
    throw syntax("unterminated string");
  }

  private void requireMore() {
    if (pos >= text.length()) {
      throw syntax("unexpected end of text");
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

  private CausalDensityException syntax(String problem) {
    return CausalDensityException.invalidFile(path,
        "header is not a Python dict literal: %s at character %d of the header (near %s)", problem, pos,
        NpyHeader.printable(text.substring(pos, Math.min(text.length(), pos + 24))));
  }

  /** A string as Python writes it, for messages. */
  static String quoted(String value) {
    return shown("'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'");
  }

  /** Text from the header for a message: shortened, control and non-ASCII characters escaped. */
  private static String shown(String raw) {
    return NpyHeader.shortened(raw);
  }
}
