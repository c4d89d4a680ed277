package io.phalanx.sim.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay on 127.0.0.1 in front of one address: every connection made to it is carried on to
 * the target, byte for byte, so TLS between the ends (pinned by certificate, not host) passes
 * through untouched. Two switches drill network faults: cut (new connections are closed at once
 * and open ones are dropped, as across a partition) and a one-way delay added to every byte in
 * both directions (round trip grows by twice the delay).
 *
 * <p>Each direction of each connection is a reader and a writer thread: the reader
 * stamps each chunk with when it may be written, the writer waits for that moment, so bytes keep
 * their order whatever the delay does meanwhile. Platform threads, not virtual ones: in simnet the
 * virtual threads' few carriers also run the simulated beacon node's signature checks, and a
 * relay must not wait behind those.
 */
public final class TcpRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpRelay.class);
  private static final byte[] END = new byte[0];

  private record Chunk(long dueNanos, byte[] bytes) {}

  private final String name;
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong delayNanos = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean cut;
  private volatile boolean closed;

  private TcpRelay(String name, InetSocketAddress target, ServerSocket server) {
    this.name = name;
    this.target = target;
    this.server = server;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port) and relays to {@code target}. */
  public static TcpRelay start(String name, int port, InetSocketAddress target) throws IOException {
    return start(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), target);
  }

  /** Listens on {@code address} (port 0: any free port) and relays to {@code target}. */
  public static TcpRelay start(String name, InetSocketAddress address, InetSocketAddress target) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.bind(address);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    TcpRelay relay = new TcpRelay(name, target, server);
    Thread.ofPlatform().daemon().name("relay-" + name).start(relay::acceptLoop);
    return relay;
  }

  public int port() {
    return server.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress().getHostAddress(), port());
  }

  /** Cut: open connections are dropped and new ones closed at once, until set false. */
  public void setCut(boolean cut) {
    this.cut = cut;
    if (cut) {
      open.forEach(TcpRelay::closeQuietly);
    }
  }

  public boolean isCut() {
    return cut;
  }

  /** Added to every byte's way, in each direction. */
  public void setOneWayDelay(Duration delay) {
    delayNanos.set(delay.toNanos());
  }

  public Duration oneWayDelay() {
    return Duration.ofNanos(delayNanos.get());
  }

  /** Connections closed at once because the relay was cut. */
  public long refusedConnections() {
    return refused.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("relay {} stopped accepting: {}", name, e.getMessage());
        }
        return;
      }
      if (cut) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      Thread.ofPlatform().daemon().name("relay-" + name + "-connect").start(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    open.add(client);
    open.add(upstream);
    if (cut || closed) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    pump(client, upstream);
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    // Chunks queued and not yet written; guarded by writing. Without delay and with nothing queued
    // the reader writes itself, one thread hop less on a loaded machine; otherwise the writer does,
    // at each chunk's due time, so bytes keep their order when the delay changes.
    AtomicLong pending = new AtomicLong();
    Object writing = new Object();
    Thread.ofPlatform().daemon().name("relay-" + name + "-read").start(() -> {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long delay = delayNanos.get();
          synchronized (writing) {
            if (delay == 0 && pending.get() == 0) {
              out.write(buffer, 0, n);
              out.flush();
              continue;
            }
            pending.incrementAndGet();
          }
          queue.add(new Chunk(System.nanoTime() + delay, Arrays.copyOf(buffer, n)));
        }
      } catch (IOException e) {
        // the connection was cut or reset; the writer ends it on the other side
      }
      pending.incrementAndGet();
      queue.add(new Chunk(System.nanoTime() + delayNanos.get(), END));
    });
    Thread.ofPlatform().daemon().name("relay-" + name + "-write").start(() -> {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk chunk = queue.take();
          long wait = chunk.dueNanos() - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          if (chunk.bytes() == END) {
            break;
          }
          synchronized (writing) {
            out.write(chunk.bytes());
            out.flush();
            pending.decrementAndGet();
          }
        }
      } catch (IOException | InterruptedException e) {
        // cut or reset: both ends go
      } finally {
        // One direction over ends the connection: neither protocol relayed here half-closes.
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    open.forEach(TcpRelay::closeQuietly);
    open.clear();
  }

  @Override
  public String toString() {
    return "relay " + name + " " + port() + " -> " + target.getPort();
  }

}
