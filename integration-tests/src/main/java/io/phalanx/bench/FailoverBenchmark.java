package io.phalanx.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.api.failover.FailoverBeaconNode;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Failover time on loopback: from a fault of the beacon node serving reads to the first
 * successful read of attestation data, which the failover client gets from the next beacon node
 * within the same request. Each invocation starts with the primary ready and serving reads (set
 * up outside the timing), switches the fault on, and reads once. Sample mode prints p50/p99.
 *
 * <p>Faults: {@code killed} (the primary drops the connection without an answer, as a crashed
 * process), {@code 5xx}, {@code wrong-data} (attestation data of another slot).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FailoverBenchmark {
  static final long SLOT = 1234;

  @Param({"killed", "5xx", "wrong-data"})
  public String fault;

  private BeaconNodeFixture primary;
  private BeaconNodeFixture secondary;
  private FailoverBeaconNode failover;
  private AttestationData expected;

  @Setup(Level.Trial)
  public void start() throws IOException {
    byte[] root = new byte[32];
    root[0] = 1;
    expected = new AttestationData(SLOT, 0, Bytes.of(root), new Checkpoint(37, Bytes.zero(32)),
        new Checkpoint(38, Bytes.zero(32)));
    primary = new BeaconNodeFixture(expected);
    secondary = new BeaconNodeFixture(expected);
    failover = new FailoverBeaconNode(new FailoverBeaconNode.Config(List.of(primary.uri(), secondary.uri()), List.of(),
        Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(200), 2,
        FailoverBeaconNode.AttestationDataStrategy.FIRST, Duration.ofMillis(50), s -> ConsensusVersion.FULU)).start();
  }

  /** The primary healthy again and serving reads: a successful read resets its back-off. */
  @Setup(Level.Invocation)
  public void primaryServing() throws Exception {
    primary.fault = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!failover.endpoints().getFirst().servingReads()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the primary did not serve reads again: " + failover.endpoints());
      }
      Thread.sleep(2);
    }
    if (!expected.equals(failover.attestationData(SLOT, 0).get(5, TimeUnit.SECONDS))) {
      throw new IllegalStateException("wrong attestation data from the primary");
    }
    primary.fault = fault;
  }

  @Benchmark
  public AttestationData faultToFirstSuccessfulRead() throws Exception {
    AttestationData data = failover.attestationData(SLOT, 0).get(5, TimeUnit.SECONDS);
    if (!data.equals(expected)) {
      throw new IllegalStateException("wrong attestation data after failover");
    }
    return data;
  }

  @TearDown(Level.Trial)
  public void stop() {
    failover.close();
    primary.close();
    secondary.close();
  }

  /** A beacon node on 127.0.0.1 answering readiness checks and attestation data, with a fault switch. */
  static final class BeaconNodeFixture implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String data;
    private final String wrongData;
    volatile String fault;

    BeaconNodeFixture(AttestationData expected) throws IOException {
      data = "{\"data\":" + AttestationData.SSZ.toJson(expected) + "}";
      wrongData = "{\"data\":" + AttestationData.SSZ.toJson(new AttestationData(expected.slot() + 1, 0,
          expected.beaconBlockRoot(), expected.source(), expected.target())) + "}";
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
      String f = fault;
      String path = exchange.getRequestURI().getPath();
      if ("killed".equals(f)) {
        exchange.close(); // no status line: the client sees the connection end
        return;
      }
      try (exchange) {
        if ("5xx".equals(f)) {
          send(exchange, 500, "{\"code\":500,\"message\":\"internal error\"}");
        } else if (path.equals("/eth/v1/node/syncing")) {
          send(exchange, 200, "{\"data\":{\"head_slot\":\"" + SLOT + "\",\"sync_distance\":\"0\",\"is_syncing\":false,"
              + "\"is_optimistic\":false,\"el_offline\":false}}");
        } else if (path.equals("/eth/v1/node/peer_count")) {
          send(exchange, 200, "{\"data\":{\"connected\":\"50\"}}");
        } else if (path.equals("/eth/v1/validator/attestation_data")) {
          send(exchange, 200, "wrong-data".equals(f) ? wrongData : data);
        } else {
          send(exchange, 404, "{\"code\":404,\"message\":\"not here\"}");
        }
      }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
