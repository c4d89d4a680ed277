package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class LogOptionsTest {
  @Test
  void jsonFormatWritesOneObjectALineAndTheLevelFilters() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
    Encoder<ILoggingEvent> textEncoder = stderr.getEncoder();
    Level levelBefore = root.getLevel();
    PrintStream errBefore = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      LogOptions options = new LogOptions();
      new CommandLine(options).parseArgs("--log-format", "json", "--log-level", "warn");
      options.apply();
      org.slf4j.Logger log = LoggerFactory.getLogger("io.phalanx.test");
      log.info("not shown at warn");
      log.warn("beacon node {} is not ready: {}", "http://127.0.0.1:5052", "syncing");
    } finally {
      System.setErr(errBefore);
      stderr.stop();
      stderr.setEncoder(textEncoder);
      stderr.start();
      root.setLevel(levelBefore);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertEquals(1, lines.length, captured.toString(StandardCharsets.UTF_8));
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertEquals("WARN", line.get("level").asText());
    assertEquals("io.phalanx.test", line.get("loggerName").asText());
    assertEquals("beacon node http://127.0.0.1:5052 is not ready: syncing", line.get("formattedMessage").asText());
    assertTrue(line.get("timestamp").asLong() > 0);
  }

  @Test
  void anUnknownLevelIsRefusedByName() {
    LogOptions options = new LogOptions();
    new CommandLine(options).parseArgs("--log-level", "loud");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, options::apply);
    assertTrue(e.getMessage().contains("--log-level must be error, warn, info, debug or trace"), e.getMessage());
  }
}
