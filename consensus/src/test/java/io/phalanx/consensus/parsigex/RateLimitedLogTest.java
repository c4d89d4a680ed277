package io.phalanx.consensus.parsigex;

import io.phalanx.spec.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class RateLimitedLogTest {
  @Test
  void aPeerDownForLongGetsOneLineAMinuteNotOneABatch() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T00:00:00Z"));
    Recording logger = new Recording();
    RateLimitedLog log = new RateLimitedLog(logger, Level.WARN, clock, Duration.ofMinutes(1));

    for (int i = 0; i < 100; i++) {
      log.log("dropped " + i);
      clock.advance(Duration.ofMillis(500));
    }
    assertEquals(List.of("dropped 0"), logger.lines);

    clock.advance(Duration.ofSeconds(10));
    log.log("dropped 100");
    assertEquals(List.of("dropped 0", "dropped 100 (and 99 like it since 2026-11-25T00:00:00Z)"), logger.lines);
  }

  private static final class Recording extends LegacyAbstractLogger {
    final List<String> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
        Throwable throwable) {
      lines.add(MessageFormatter.basicArrayFormat(messagePattern, arguments));
    }
  }
}
