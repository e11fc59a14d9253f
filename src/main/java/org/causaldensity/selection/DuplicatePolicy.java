package org.causaldensity.selection;

import java.util.Locale;
import org.causaldensity.io.CausalDensityException;

/**
 * {@code --duplicates}: what bit-identical γ rows do. {@link #KEEP} analyses every row (a token whose k nearest are
 * identical copies gets density +∞, as the matrix path); {@link #COLLAPSE} analyses each group of identical rows once,
 * through its lowest vocabulary id, and reports the group's size as that token's multiplicity.
 */
public enum DuplicatePolicy {
  KEEP,
  COLLAPSE;

  public static final String OPTION = "--duplicates";

  /** {@code keep} or {@code collapse}; anything else is a usage error. */
  public static DuplicatePolicy parse(String text) {
    return switch (text) {
      case "keep" -> KEEP;
      case "collapse" -> COLLAPSE;
      default -> throw CausalDensityException.usage(OPTION, "must be 'keep' or 'collapse', got '%s'", text);
    };
  }

  /** The spelling of the option: {@code keep} or {@code collapse}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
