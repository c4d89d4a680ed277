package io.phalanx.api.failover;

import java.util.Arrays;

/** The most recent request latencies of one beacon node, for percentiles. */
final class LatencyWindow {
  private final double[] samples;
  private int next;
  private int size;

  LatencyWindow(int capacity) {
    this.samples = new double[capacity];
  }

  synchronized void record(double millis) {
    samples[next] = millis;
    next = (next + 1) % samples.length;
    size = Math.min(size + 1, samples.length);
  }

  /** The {@code p}th percentile (nearest rank), or NaN before any sample. */
  synchronized double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }
}
