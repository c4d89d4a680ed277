package io.phalanx.it.conformance;

import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Wires a simnet run so that every exchange of every validator API (what the validator clients
 * send and get) and of every simulated beacon node (what Phalanx's beacon-node client sends and
 * gets) is recorded, from before the first request on.
 */
public final class ExchangeRecorder implements Simnet.Wiring {
  private final ConcurrentLinkedQueue<CapturedExchange> exchanges = new ConcurrentLinkedQueue<>();

  @Override
  public void beaconNodeStarted(int node, int bn, SimulatedBeaconNode beaconNode) {
    beaconNode.captureExchanges(exchanges::add);
  }

  @Override
  public void nodeStarted(int node, PhalanxNode phalanxNode) {
    phalanxNode.validatorApiServer().captureExchanges("validator API of node " + node, exchanges::add);
  }

  public List<CapturedExchange> exchanges() {
    return List.copyOf(exchanges);
  }
}
