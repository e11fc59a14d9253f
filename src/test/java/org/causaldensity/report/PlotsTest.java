package org.causaldensity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The plots decode as PNGs of the stated size and show what they claim (infinite densities as red marks). */
class PlotsTest {
  static BufferedImage decode(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  static long pixels(BufferedImage image, int rgb) {
    long count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          count++;
        }
      }
    }
    return count;
  }

  static double[] norms(int n) {
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      norms[i] = 1 + 4.0 * i / n;
    }
    return norms;
  }

  @Test
  void infiniteDensitiesAreDrawnAsRedMarksOnlyWhenPresent() throws IOException {
    double[] densities = new double[200];
    for (int i = 0; i < densities.length; i++) {
      densities[i] = Math.exp(-i / 50.0);
    }
    BufferedImage finite = decode(Plots.logScatter(norms(200), densities, "t", "density"));
    assertEquals(1200, finite.getWidth());
    assertEquals(650, finite.getHeight());
    assertEquals(0, pixels(finite, 0xff0000), "no red without infinite densities");
    densities[3] = Double.POSITIVE_INFINITY;
    densities[4] = Double.POSITIVE_INFINITY;
    BufferedImage withInfinite = decode(Plots.logScatter(norms(200), densities, "t", "density"));
    assertTrue(pixels(withInfinite, 0xff0000) > 20, "red triangles for +Infinity");
  }

  @Test
  void radialProfileAndLinearScatterRender() throws IOException {
    BufferedImage profile = decode(Plots.radialProfile(new double[] {1, 2, 3}, new double[] {0.5, 0, 0.2},
        new double[] {0.1, 0, 0.05}, new long[] {10, 0, 5}, 1, "profile"));
    assertEquals(900, profile.getHeight());
    assertTrue(pixels(profile, 0x808080) > 1000, "grey count bars");
    BufferedImage scatter = decode(Plots.linearScatter(norms(50), norms(50), "t", "v"));
    assertEquals(1200, scatter.getWidth());
  }

  @Test
  void regionBoxesRenderEvenForARegionOfOnlyInfiniteDensities() throws IOException {
    java.util.Map<String, double[]> regions = new java.util.LinkedHashMap<>();
    regions.put("core", new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
    regions.put("shell", new double[] {0.1, 0.2, 0.3, 0.25, 0.15});
    regions.put("outer", new double[] {0.05, 0.06, 0.04});
    BufferedImage image = decode(Plots.regionDensities(regions, "regions"));
    assertEquals(1200, image.getWidth());
    assertTrue(pixels(image, 0x21918c) > 200, "boxes drawn in the region colour");
  }

  @Test
  void mismatchedArraysAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Plots.logScatter(new double[3], new double[2], "t", "v"));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
  }

  @Test
  void tickStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(0.02, Plots.niceStep(0.013), 1e-15);
    assertEquals(0.5, Plots.niceStep(0.3), 1e-15);
    assertEquals(1, Plots.niceStep(1), 1e-15);
    assertEquals(100, Plots.niceStep(60), 1e-12);
  }
}
