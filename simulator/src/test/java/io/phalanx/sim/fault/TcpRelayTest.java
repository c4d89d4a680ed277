package io.phalanx.sim.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A relay before a real echo server on 127.0.0.1: bytes pass, delays add up, cuts cut. */
class TcpRelayTest {
  ServerSocket echo;
  TcpRelay relay;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0);
    Thread.ofVirtual().start(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread.ofVirtual().start(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException ignored) {
              // the test closed it
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    relay = TcpRelay.start("test", 0, new InetSocketAddress("127.0.0.1", echo.getLocalPort()));
  }

  @AfterEach
  void stop() throws IOException {
    relay.close();
    echo.close();
  }

  static byte[] roundTrip(Socket s, byte[] message) throws IOException {
    s.getOutputStream().write(message);
    s.getOutputStream().flush();
    byte[] back = new byte[message.length];
    new DataInputStream(s.getInputStream()).readFully(back);
    return back;
  }

  @Test
  void passesBytesBothWays() throws IOException {
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    try (Socket s = new Socket("127.0.0.1", relay.port())) {
      assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8),
          roundTrip(s, "hello".getBytes(StandardCharsets.UTF_8)));
      assertArrayEquals(big, roundTrip(s, big));
    }
  }

  @Test
  void delayAddsToEachDirection() throws IOException {
    relay.setOneWayDelay(Duration.ofMillis(150));
    try (Socket s = new Socket("127.0.0.1", relay.port())) {
      long start = System.nanoTime();
      roundTrip(s, new byte[] {1, 2, 3});
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 300, "a round trip through a relay delaying 150 ms each way took " + millis + " ms");
      relay.setOneWayDelay(Duration.ZERO);
      start = System.nanoTime();
      roundTrip(s, new byte[] {4});
      millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 300, "without delay the round trip took " + millis + " ms");
    }
  }

  @Test
  void cutDropsOpenConnectionsAndRefusesNewOnesUntilHealed() throws Exception {
    try (Socket open = new Socket("127.0.0.1", relay.port())) {
      roundTrip(open, new byte[] {1});
      relay.setCut(true);
      assertThrows(IOException.class, () -> {
        for (int i = 0; i < 50; i++) {
          roundTrip(open, new byte[] {2});
          Thread.sleep(10);
        }
      });
    }
    try (Socket refused = new Socket("127.0.0.1", relay.port())) {
      assertThrows(IOException.class, () -> roundTrip(refused, new byte[] {3}));
    }
    assertTrue(relay.refusedConnections() >= 1);
    relay.setCut(false);
    try (Socket again = new Socket("127.0.0.1", relay.port())) {
      assertEquals(7, roundTrip(again, new byte[] {7})[0]);
    }
  }
}
