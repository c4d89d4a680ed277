package io.phalanx.consensus.parsigex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParSigExConfigTest {
  private final ParSigExFixture fx = ParSigExFixture.shared();
  private final List<InetSocketAddress> addresses = List.of(new InetSocketAddress("127.0.0.1", 1),
      new InetSocketAddress("127.0.0.1", 2), new InetSocketAddress("127.0.0.1", 3),
      new InetSocketAddress("127.0.0.1", 4));

  @Test
  void defaults() {
    ParSigExConfig config = ParSigExConfig.of(1, fx.lock, fx.identities.get(1), addresses.get(1), addresses);
    assertEquals(ParSigExConfig.DEFAULT_RETRY_DEADLINE, config.retryDeadline());
    assertEquals(16 * 1024 * 1024, config.maxMessageBytes());
    assertEquals(Duration.ofSeconds(2), config.withRetryDeadline(Duration.ofSeconds(2)).retryDeadline());
  }

  @Test
  void anIdentityTheLockDoesNotPinAtTheNodeIndexIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParSigExConfig.of(2, fx.lock, fx.identities.get(1), addresses.get(2), addresses));
    assertTrue(e.getMessage().contains("is not the one the lock pins for node 2"), e.getMessage());
  }

  @Test
  void everyNodeNeedsAnAddress() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParSigExConfig.of(0, fx.lock, fx.identities.get(0), addresses.get(0), addresses.subList(0, 3)));
    assertTrue(e.getMessage().contains("3 peer addresses for the lock's 4 nodes"), e.getMessage());
  }

  @Test
  void aNodeIndexOutsideTheLockIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> ParSigExConfig.of(4, fx.lock, fx.identities.get(0), addresses.get(0), addresses));
  }
}
