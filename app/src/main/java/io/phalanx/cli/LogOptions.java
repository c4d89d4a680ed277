package io.phalanx.cli;

import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-level}, for the commands that run nodes. */
public final class LogOptions {
  /** How log lines look. */
  public enum Format { text, json }

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "Log lines on standard error: text (human-readable) or json (one JSON object a line, for log"
          + " collectors) (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
      description = "The least severe log lines shown: error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
  String level = "info";

  /** Reconfigures logging as the options say; call first thing in the command. */
  public void apply() {
    Level parsed = switch (level.toLowerCase(Locale.ROOT)) {
      case "error" -> Level.ERROR;
      case "warn", "warning" -> Level.WARN;
      case "info" -> Level.INFO;
      case "debug" -> Level.DEBUG;
      case "trace" -> Level.TRACE;
      default -> throw new IllegalArgumentException("--log-level must be error, warn, info, debug or trace, got '"
          + level + "'");
    };
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(ROOT_LOGGER_NAME);
    root.setLevel(parsed);
    if (format == Format.json) {
      for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
          JsonEncoder encoder = new JsonEncoder();
          encoder.setContext(context);
          // One flat object a line: time, level, thread, logger, the message as printed, any throwable.
          encoder.setWithSequenceNumber(false);
          encoder.setWithNanoseconds(false);
          encoder.setWithContext(false);
          encoder.setWithMessage(false);
          encoder.setWithArguments(false);
          encoder.setWithFormattedMessage(true);
          encoder.start();
          stream.stop();
          stream.setEncoder(encoder);
          stream.start();
        }
      }
    }
  }
}
