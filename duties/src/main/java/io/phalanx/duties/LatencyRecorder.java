package io.phalanx.duties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps latency samples and answers percentiles; bounded, oldest samples dropped first. */
public final class LatencyRecorder {
  private final long[] samplesMicros;
  private int next;
  private long count;

  public LatencyRecorder(int capacity) {
    this.samplesMicros = new long[capacity];
  }

  public synchronized void record(Duration latency) {
    samplesMicros[next] = latency.toNanos() / 1000;
    next = (next + 1) % samplesMicros.length;
    count++;
  }

  public synchronized long count() {
    return count;
  }

  /**
   * The samples recorded after the first {@code mark} ones (as {@link #count()} gave it), those
   * still kept, in milliseconds: one epoch's worth, say.
   */
  public synchronized List<Double> samplesSinceMillis(long mark) {
    long fresh = Math.min(count - mark, samplesMicros.length);
    List<Double> out = new ArrayList<>();
    for (long k = fresh; k > 0; k--) {
      int at = (int) Math.floorMod(next - k, (long) samplesMicros.length);
      out.add(samplesMicros[at] / 1000.0);
    }
    return out;
  }

  /** The {@code p}-th percentile (0-100) of {@code samples}, NaN if there are none. */
  public static double percentile(List<Double> samples, double p) {
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
  }

  /** All samples kept, in milliseconds, for merging recorders of several nodes. */
  public synchronized List<Double> samplesMillis() {
    int n = (int) Math.min(count, samplesMicros.length);
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(samplesMicros[i] / 1000.0);
    }
    return out;
  }
}
