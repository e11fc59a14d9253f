package org.causaldensity.report;

import java.util.Locale;

/**
 * Text into HTML: escaping of every string that comes from the summary, and tokens shown so that a reader sees
 * exactly which characters they hold: spaces as "␣", newlines as "\n", invisible characters as their code point in
 * hex, e.g. "\\u{200B}".
 */
final class HtmlText {
  static final String NO_TOKEN = "(no token)";
  static final String EMPTY_TOKEN = "(empty)";
  static final String VISIBLE_SPACE = "␣";

  private HtmlText() {}

  /**
   * The text with &amp;, &lt;, &gt;, " and ' escaped; C0/C1 controls other than tab and newline, and unpaired
   * surrogates, become hex code-point escapes like "\\u{0001}" (they are not allowed in HTML). null gives "".
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length();) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n' || cp == '\t') {
        out.append((char) cp);
      } else if (Character.isISOControl(cp) || isLoneSurrogate(cp)) {
        out.append(codePointEscape(cp));
      } else {
        appendEscaped(out, cp);
      }
    }
    return out.toString();
  }

  /**
   * A token as HTML: {@code <code class="tok">…</code>} with whitespace and invisible characters drawn visibly in
   * {@code <span class="ws">}; null is "(no token)" and "" is "(empty)", both marked as notes, not as tokens.
   */
  static String token(String token) {
    if (token == null) {
      return "<span class=\"note\">" + NO_TOKEN + "</span>";
    }
    if (token.isEmpty()) {
      return "<code class=\"tok\"><span class=\"ws\">" + EMPTY_TOKEN + "</span></code>";
    }
    StringBuilder out = new StringBuilder("<code class=\"tok\">");
    for (int i = 0; i < token.length();) {
      int cp = token.codePointAt(i);
      i += Character.charCount(cp);
      String visible = visibleWhitespace(cp);
      if (visible != null) {
        out.append("<span class=\"ws\">").append(visible).append("</span>");
      } else {
        appendEscaped(out, cp);
      }
    }
    return out.append("</code>").toString();
  }

  /** The visible stand-in of a whitespace or invisible code point, or null for an ordinary visible one. */
  private static String visibleWhitespace(int cp) {
    switch (cp) {
      case ' ':
        return VISIBLE_SPACE;
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      case '\r':
        return "\\r";
      default:
        break;
    }
    int type = Character.getType(cp);
    boolean invisible = Character.isISOControl(cp) || isLoneSurrogate(cp) || type == Character.FORMAT
        || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
    return invisible ? codePointEscape(cp) : null;
  }

  private static void appendEscaped(StringBuilder out, int cp) {
    switch (cp) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        out.appendCodePoint(cp);
    }
  }

  private static boolean isLoneSurrogate(int cp) {
    return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
  }

  private static String codePointEscape(int cp) {
    return String.format(Locale.ROOT, "\\u{%04X}", cp);
  }
}
