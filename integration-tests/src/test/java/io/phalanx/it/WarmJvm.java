package io.phalanx.it;

import io.phalanx.sim.Simnet;
import io.phalanx.sim.SimnetOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Before the first test class of the integration-test JVM: one short simnet (one epoch) of every duty, so
 * that whichever cluster test the run order puts first does not pay for a cold JVM (class loading,
 * JIT compilation on a 2-core machine) within its measured epochs. Seen on a fresh clone: the first
 * class's cluster decided at p50 1.3 s in epoch 0 and was still four times slower than usual in its
 * checked epoch. It asserts nothing; the tests do. Registered for every class through
 * {@code META-INF/services} and {@code junit-platform.properties} (extension autodetection).
 */
public final class WarmJvm implements BeforeAllCallback {
  private static final AtomicBoolean DONE = new AtomicBoolean();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!DONE.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    StringWriter out = new StringWriter();
    SimnetOptions options = SimnetOptions.builder(4, 3, 8, Duration.ofMillis(1500), 4)
        .epochs(OptionalLong.of(1))
        .build();
    try (Simnet simnet = new Simnet(options, new PrintWriter(out, true))) {
      simnet.start();
      simnet.awaitEnd();
      simnet.finish();
    } catch (Exception e) {
      // Not a test: a warm-up that fails leaves the tests to show what is wrong.
      System.out.println("JVM warm-up simnet failed: " + e);
    }
    System.out.printf("JVM warm-up (a 1-epoch simnet before %s) took %.1f s%n", context.getDisplayName(),
        (System.nanoTime() - start) / 1e9);
  }
}
