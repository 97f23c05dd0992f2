package org.tokenstats.jobs.generate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * National daily tokens as published, interpolated log-linearly between dated anchors (and
 * extrapolated at the end segments' growth rates). The anchors are the National Data
 * Administration's figures cited in {@code data-samples/README.md}; anchors sit mid-month so that a
 * month's average lands on its published figure.
 */
public final class Trajectory {

  /** A published figure: tokens per day around a date. */
  public record Anchor(LocalDate date, double tokensPerDay) {}

  /** ~1e11/day in January 2024 rising to ~1.4e14/day in March 2026. */
  public static final Trajectory PUBLISHED =
      new Trajectory(
          List.of(
              new Anchor(LocalDate.of(2024, 1, 16), 1.0e11),
              new Anchor(LocalDate.of(2025, 6, 30), 3.0e13),
              new Anchor(LocalDate.of(2025, 12, 31), 1.0e14),
              new Anchor(LocalDate.of(2026, 3, 16), 1.4e14)));

  private final List<Anchor> anchors;

  public Trajectory(List<Anchor> anchors) {
    if (anchors.size() < 2) {
      throw new IllegalArgumentException("a trajectory needs at least two anchors");
    }
    this.anchors = List.copyOf(anchors);
  }

  /** Tokens per day on {@code day}. */
  public double tokensOn(LocalDate day) {
    int segment = 0;
    while (segment < anchors.size() - 2 && !day.isBefore(anchors.get(segment + 1).date())) {
      segment++;
    }
    Anchor a = anchors.get(segment);
    Anchor b = anchors.get(segment + 1);
    double span = ChronoUnit.DAYS.between(a.date(), b.date());
    double t = ChronoUnit.DAYS.between(a.date(), day) / span;
    return Math.exp(
        Math.log(a.tokensPerDay()) + t * (Math.log(b.tokensPerDay()) - Math.log(a.tokensPerDay())));
  }
}
