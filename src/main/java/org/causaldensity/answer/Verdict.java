package org.causaldensity.answer;

/** What the 95% interval of the core/shell median-density ratio says, with the notebook's 1.5 and 0.67 cut-offs. */
public enum Verdict {
  /** The whole interval lies above the denser cut-off. */
  DENSER("denser"),
  /** The whole interval lies below the sparser cut-off. */
  SPARSER("sparser"),
  /** The whole interval lies between the two cut-offs. */
  SIMILAR("similar"),
  /** The interval straddles a cut-off, or is undefined. */
  UNDETERMINED("undetermined");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** The lower-case word written to summary.json. */
  public String label() {
    return label;
  }

  /**
   * Denser if lower &gt; denserAbove, sparser if upper &lt; sparserBelow, similar if [lower, upper] ⊆ [sparserBelow,
   * denserAbove], else undetermined; a NaN bound is undetermined.
   */
  public static Verdict of(double lower, double upper, double sparserBelow, double denserAbove) {
    if (Double.isNaN(lower) || Double.isNaN(upper)) {
      return UNDETERMINED;
    }
    if (lower > denserAbove) {
      return DENSER;
    }
    if (upper < sparserBelow) {
      return SPARSER;
    }
    if (lower >= sparserBelow && upper <= denserAbove) {
      return SIMILAR;
    }
    return UNDETERMINED;
  }
}
