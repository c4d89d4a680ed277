package io.phalanx.sim.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock off by an offset that a fault schedule turns up and down while it runs. */
public final class SkewedClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  /** Ahead of the true time when positive, behind when negative. */
  public void setOffset(Duration offset) {
    this.offset = offset;
  }

  public Duration offset() {
    return offset;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a skewed clock runs in UTC");
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }
}
