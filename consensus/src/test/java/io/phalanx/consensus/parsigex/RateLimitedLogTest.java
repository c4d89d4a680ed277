package io.phalanx.consensus.parsigex;

import io.phalanx.spec.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
  @Test
  void aPeerDownForLongGetsOneLineAMinuteNotOneABatch() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T00:00:00Z"));
    Recording logger = new Recording();
    RateLimitedLog log = new RateLimitedLog(logger, Level.WARNING, clock, Duration.ofMinutes(1));

    for (int i = 0; i < 100; i++) {
      log.log("dropped " + i);
      clock.advance(Duration.ofMillis(500));
    }
    assertEquals(List.of("dropped 0"), logger.lines);

    clock.advance(Duration.ofSeconds(10));
    log.log("dropped 100");
    assertEquals(List.of("dropped 0", "dropped 100 (and 99 like it since 2026-11-25T00:00:00Z)"), logger.lines);
  }

  private static final class Recording implements Logger {
    final List<String> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(MessageFormat.format(format, params));
    }
  }
}
