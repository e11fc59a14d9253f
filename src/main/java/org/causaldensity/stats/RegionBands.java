package org.causaldensity.stats;

/**
 * The notebook's regions and verdict cut-offs, in one place: the notebook block ({@link Regions}), the answer's
 * defaults ({@code answer.ComparisonSettings}) and the report's labels all read them from here. Regions are strict
 * percentile bands of the causal norm; a core/shell ratio above {@link #DENSER_ABOVE} is "denser", below
 * {@link #SPARSER_BELOW} "sparser".
 */
public final class RegionBands {
  /** Core: causal norm below this percentile. */
  public static final double CORE_PERCENTILE = 10;
  /** Shell: causal norm strictly between this percentile and {@link #SHELL_UPPER_PERCENTILE}. */
  public static final double SHELL_LOWER_PERCENTILE = 40;
  /** See {@link #SHELL_LOWER_PERCENTILE}. */
  public static final double SHELL_UPPER_PERCENTILE = 60;
  /** Outer: causal norm above this percentile. */
  public static final double OUTER_PERCENTILE = 90;
  /** Core/shell ratio above which the core is "denser" (the notebook's cut-off). */
  public static final double DENSER_ABOVE = 1.5;
  /** Core/shell ratio below which the core is "sparser" (the notebook's cut-off). */
  public static final double SPARSER_BELOW = 0.67;

  private RegionBands() {}
}
