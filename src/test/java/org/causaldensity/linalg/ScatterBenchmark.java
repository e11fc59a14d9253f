package org.causaldensity.linalg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.causaldensity.norms.CausalNorms;

/**
 * Speed check, not a test: seconds per call of the causal-norm stage's two products on one task's block (one thread),
 * the first call and the median of the rest. Run: {@code java --add-modules jdk.incubator.vector
 * -cp target/classes:target/test-classes org.causaldensity.linalg.ScatterBenchmark [n d runs]}.
 */
public final class ScatterBenchmark {
  private ScatterBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1638;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 2560;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Random random = new Random(1);
    float[] gamma = new float[n * d];
    for (int i = 0; i < gamma.length; i++) {
      gamma[i] = (float) random.nextGaussian();
    }
    float[] metric = new float[d * d];
    for (int i = 0; i < metric.length; i++) {
      metric[i] = (float) (random.nextGaussian() * 0.01);
    }
    double[] mean = new double[d];
    List<Double> scatter = new ArrayList<>();
    List<Double> norms = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      Scatter.of(gamma, n, d, mean, 1);
      long t1 = System.nanoTime();
      CausalNorms.squaredNorms(gamma, n, d, metric);
      long t2 = System.nanoTime();
      scatter.add((t1 - t0) / 1e9);
      norms.add((t2 - t1) / 1e9);
    }
    System.out.println(String.format(Locale.ROOT, "n=%d d=%d: Scatter.of first %.3f s, median %.3f s;"
        + " CausalNorms.squaredNorms first %.3f s, median %.3f s", n, d, scatter.get(0), median(scatter),
        norms.get(0), median(norms)));
  }

  /** Median of all but the first (warm-up) run; the first when there is only one. */
  private static double median(List<Double> seconds) {
    if (seconds.size() < 2) {
      return seconds.get(0);
    }
    List<Double> rest = new ArrayList<>(seconds.subList(1, seconds.size()));
    Collections.sort(rest);
    return rest.get(rest.size() / 2);
  }
}
