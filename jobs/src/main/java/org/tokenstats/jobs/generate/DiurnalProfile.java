package org.tokenstats.jobs.generate;

/**
 * How a day's tokens spread over the 24 reporting hours: a night trough around 04:00, a working day
 * plateau with peaks late morning and mid-afternoon, and an evening consumer peak.
 */
public final class DiurnalProfile {
  private static final double[] RELATIVE = {
    0.55, 0.42, 0.33, 0.28, 0.26, 0.30, 0.42, 0.62, 0.85, 1.05, 1.18, 1.22,
    1.08, 1.12, 1.20, 1.24, 1.18, 1.08, 1.02, 1.06, 1.14, 1.12, 0.96, 0.74
  };
  private static final double[] CUMULATIVE = new double[24];

  static {
    double total = 0;
    for (double v : RELATIVE) {
      total += v;
    }
    double running = 0;
    for (int h = 0; h < 24; h++) {
      running += RELATIVE[h] / total;
      CUMULATIVE[h] = running;
    }
    CUMULATIVE[23] = 1.0;
  }

  private DiurnalProfile() {}

  /** The hour whose share of the day contains quantile {@code u} in [0, 1). */
  public static int hourAt(double u) {
    for (int h = 0; h < 24; h++) {
      if (u < CUMULATIVE[h]) {
        return h;
      }
    }
    return 23;
  }

  /** Share of the day's tokens falling in hour {@code h}. */
  public static double share(int h) {
    return h == 0 ? CUMULATIVE[0] : CUMULATIVE[h] - CUMULATIVE[h - 1];
  }
}
