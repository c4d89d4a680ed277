package io.phalanx.node.sim.fault;

import io.phalanx.node.sim.Simnet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RelayProbe {
  @Test
  void probe() throws Exception {
    LinkRelays[] relays = new LinkRelays[1];
    Simnet.Wiring wiring = new Simnet.Wiring() {
      @Override
      public synchronized List<InetSocketAddress> peersSeenBy(int node, List<InetSocketAddress> peers) {
        if (relays[0] == null) {
          try {
            relays[0] = LinkRelays.start(peers, FaultSchedule.parse("latency:0,1|2,3@0=1ms", 4).faultedLinks(4));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return relays[0].peersSeenBy(node, peers);
      }
    };
    PrintWriter out = new PrintWriter(System.out, true);
    try (Simnet simnet = new Simnet(new Simnet.Options(4, 3, 8, Duration.ofMillis(1500), 4, OptionalLong.of(4),
        List.of(), List.of(), Optional.empty(), Optional.empty()), out, wiring)) {
      simnet.start();
      simnet.awaitEnd();
      simnet.finish();
    } finally {
      relays[0].close();
    }
  }
}
