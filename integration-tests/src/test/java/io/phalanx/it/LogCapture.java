package io.phalanx.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Every log line of the process, at debug and above, as the operator's log would hold it (message,
 * arguments, stack traces), including what goes through java.util.logging and System.Logger.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  /** Held here: java.util.logging keeps only weak references to its loggers. */
  private static final java.util.logging.Logger PHALANX_JUL = java.util.logging.Logger.getLogger("io.phalanx");

  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final Logger root;
  private final Level levelBefore;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    levelBefore = root.getLevel();
    setContext(context);
    setName("capture");
  }

  static LogCapture begin() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    // Phalanx's own System.Logger lines at debug too; gRPC's and Netty's fine logging stays off.
    PHALANX_JUL.setLevel(java.util.logging.Level.FINE);
    LogCapture capture = new LogCapture();
    capture.attach();
    return capture;
  }

  private void attach() {
    super.start();
    root.setLevel(Level.DEBUG);
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    if (event.getArgumentArray() != null) {
      for (Object a : event.getArgumentArray()) {
        line.append(' ').append(a);
      }
    }
    if (event.getThrowableProxy() != null) {
      line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    lines.add(line.toString());
  }

  String text() {
    return String.join("\n", lines);
  }

  int lineCount() {
    return lines.size();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    root.setLevel(levelBefore);
    stop();
  }
}
