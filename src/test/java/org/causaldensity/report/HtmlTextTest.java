package org.causaldensity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
  @Test
  void escapesTheFiveSpecialCharacters() {
    assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
        HtmlText.escape("<a href=\"x\" title='y'>&</a>"));
    assertEquals("", HtmlText.escape(null));
  }

  @Test
  void controlCharactersAndLoneSurrogatesBecomeVisibleEscapes() {
    assertEquals("a\\u{0001}b\\u{D800}c\n\td", HtmlText.escape("a\u0001b\uD800c\n\td"));
    assertEquals("😀", HtmlText.escape("😀"), "a surrogate pair is one code point, kept");
  }

  @Test
  void tokensShowWhitespace() {
    assertEquals("<code class=\"tok\"><span class=\"ws\">␣</span>the</code>", HtmlText.token(" the"));
    assertEquals("<code class=\"tok\"><span class=\"ws\">\\n</span><span class=\"ws\">\\n</span></code>",
        HtmlText.token("\n\n"));
    assertEquals("<code class=\"tok\">a<span class=\"ws\">\\u{00A0}</span>b</code>", HtmlText.token("a\u00a0b"));
    assertEquals("<code class=\"tok\">&lt;|endoftext|&gt;</code>", HtmlText.token("<|endoftext|>"));
  }

  @Test
  void missingAndEmptyTokensAreNotesNotTokens() {
    assertEquals("<span class=\"note\">(no token)</span>", HtmlText.token(null));
    assertEquals("<code class=\"tok\"><span class=\"ws\">(empty)</span></code>", HtmlText.token(""));
  }
}
