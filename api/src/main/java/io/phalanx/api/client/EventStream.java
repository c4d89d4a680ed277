package io.phalanx.api.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An open event stream ({@link HttpBeaconNode#events}), fed by the HTTP client as bytes arrive;
 * closing it ends the stream and runs its end handler with null.
 */
public final class EventStream implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {
  private final Consumer<byte[]> onEvent;
  private final Consumer<Throwable> onEnd;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private int lastByte = -1;

  EventStream(Consumer<byte[]> onEvent, Consumer<Throwable> onEnd) {
    this.onEvent = onEvent;
    this.onEnd = onEnd;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (closed) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      while (buffer.hasRemaining()) {
        int b = buffer.get();
        if (b == '\r') {
          continue;
        }
        pending.write(b);
        // An event ends at an empty line: two line feeds in a row.
        if (b == '\n' && lastByte == '\n') {
          byte[] event = pending.toByteArray();
          pending.reset();
          lastByte = -1;
          if (!closed && event.length > 1) {
            onEvent.accept(event);
          }
          continue;
        }
        lastByte = b;
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    end(throwable);
  }

  @Override
  public void onComplete() {
    end(new IOException("the beacon node ended the event stream"));
  }

  void end(Throwable reason) {
    if (ended.compareAndSet(false, true)) {
      onEnd.accept(closed ? null : reason);
    }
  }

  @Override
  public void close() {
    closed = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    end(null);
  }
}
