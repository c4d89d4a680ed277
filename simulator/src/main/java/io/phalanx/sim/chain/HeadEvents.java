package io.phalanx.sim.chain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.phalanx.sim.chain.Endpoint.Response;
import io.phalanx.spec.ssz.Ssz;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A simulated beacon node's event stream, {@code GET /eth/v1/events?topics=head}: one head event at
 * the start of every slot while the head moves, until the client goes away or a fault ends the
 * stream. Other topics are accepted and never fire (the simulated chain has no reorgs).
 */
final class HeadEvents {
  private final SimulatedChain chain;
  private final Faults faults;

  HeadEvents(SimulatedChain chain, Faults faults) {
    this.chain = chain;
    this.faults = faults;
  }

  /** Serves the stream on {@code exchange} on the calling thread, until it ends. */
  void stream(HttpExchange exchange, String rawQuery) throws IOException {
    List<String> topics = rawQuery == null ? List.of() : Arrays.stream(rawQuery.split("&"))
        .filter(p -> p.startsWith("topics="))
        .flatMap(p -> Arrays.stream(URLDecoder.decode(p.substring(7), StandardCharsets.UTF_8).split(",")))
        .map(String::trim).filter(t -> !t.isEmpty()).toList();
    if (topics.isEmpty()) {
      Endpoint.send(exchange, Response.error(400, "name at least one topic, e.g. ?topics=head"));
      return;
    }
    boolean head = topics.contains("head");
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    SimulatedChainConfig config = chain.config();
    long slotMillis = config.slotDurationMillis();
    try (OutputStream out = exchange.getResponseBody()) {
      long lastSent = -1;
      while (!faults.endsStreams()) {
        long now = config.clock().millis();
        long sinceGenesis = now - config.genesisTime().toEpochMilli();
        long slot = sinceGenesis < 0 ? -1 : sinceGenesis / slotMillis;
        if (head && slot >= 0 && slot != lastSent && faults.staleHeadSlot() < 0) {
          out.write(headEvent(slot).getBytes(StandardCharsets.UTF_8));
          out.flush();
          lastSent = slot;
        }
        long untilNext = slotMillis - Math.floorMod(sinceGenesis, slotMillis);
        Thread.sleep(Math.min(untilNext + 1, 100));
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (IOException e) {
      // the client went away
    }
  }

  private String headEvent(long slot) {
    long epoch = slot / chain.spec().slotsPerEpoch();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.set("slot", Ssz.UINT64.toJson(slot));
    data.put("block", chain.attestationData(slot, 0).beaconBlockRoot().toHex());
    data.put("state", chain.attestationData(slot, 0).target().root().toHex());
    data.put("epoch_transition", slot % chain.spec().slotsPerEpoch() == 0);
    data.put("previous_duty_dependent_root", chain.attesterDutiesDependentRoot(Math.max(0, epoch - 1)).toHex());
    data.put("current_duty_dependent_root", chain.attesterDutiesDependentRoot(epoch).toHex());
    data.put("execution_optimistic", false);
    return "event: head\ndata: " + data + "\n\n";
  }
}
