package io.phalanx.consensus.parsigex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * One kind of log line that may repeat for as long as a peer is down or misbehaving: logged at
 * most once per interval, the next line saying how many were left out in between.
 */
final class RateLimitedLog {
  private final Logger logger;
  private final Level level;
  private final Clock clock;
  private final Duration interval;
  private Instant lastLogged;
  private long suppressed;

  RateLimitedLog(Logger logger, Level level, Clock clock, Duration interval) {
    this.logger = logger;
    this.level = level;
    this.clock = clock;
    this.interval = interval;
  }

  synchronized void log(String message) {
    Instant now = clock.instant();
    if (lastLogged != null && now.isBefore(lastLogged.plus(interval))) {
      suppressed++;
      return;
    }
    logger.atLevel(level).log(suppressed == 0 ? message : message + " (and " + suppressed + " like it since " + lastLogged + ")");
    lastLogged = now;
    suppressed = 0;
  }
}
