package io.phalanx.bench;

import io.phalanx.consensus.dkg.DkgResult;
import io.phalanx.spec.network.Network;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * A whole DKG ceremony of 4 nodes (threshold 3) in one process, over real gRPC with pinned
 * mutual TLS on 127.0.0.1: dealing, share checks, verdicts, the partial signatures of the deposits
 * and the lock, their combination and verification. The 4 nodes share this machine's cores, so a
 * real ceremony (one node per machine) takes about a quarter of the CPU time. Writing the
 * keystores (a deliberately slow KDF per share) is not included. Each iteration is one ceremony;
 * the tear-down checks that every node ended with the same verified lock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
    "-Djava.util.logging.config.file=/dev/null"})
public class DkgBenchmark {
  @Param({"10", "100", "1000"})
  int validators;

  private final SecureRandom random = new SecureRandom();
  private LocalCeremony ceremony;
  private List<DkgResult> results;

  @Setup(Level.Iteration)
  public void setUp() {
    ceremony = new LocalCeremony("bench", Network.HOODI, 4, 3, validators, random, i -> Optional.empty());
    results = null;
  }

  @Benchmark
  public List<DkgResult> ceremony() {
    results = ceremony.run(Duration.ofMinutes(10), random);
    return results;
  }

  @TearDown(Level.Iteration)
  public void check() {
    for (DkgResult r : results) {
      if (!r.lock().lockHash().equals(results.get(0).lock().lockHash()) || r.shares().size() != validators) {
        throw new IllegalStateException("the nodes ended with different locks");
      }
    }
  }
}
