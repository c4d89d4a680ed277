package io.phalanx.sim.vc;

import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Voluntary exits the operator asked for ({@link SimulatedValidatorClient#requestExit}): at the start
 * of the exit's epoch (or at once, for an epoch begun), the client signs the exit with its share in
 * DOMAIN_VOLUNTARY_EXIT with the Capella fork version (EIP-7044) and posts the partial to its node's
 * pool/voluntary_exits, as a client's exit command does. A refused or failed exit is tried again at
 * the next epoch's start; one the node took is done.
 */
final class VoluntaryExitDuty {
  private final DutyContext context;
  private final Bytes capellaForkVersion;
  /** Validator index to the epoch its exit names, until the node took it. */
  private final Map<Long, Long> pending;

  VoluntaryExitDuty(DutyContext context, Bytes capellaForkVersion, Map<Long, Long> pending) {
    this.context = context;
    this.capellaForkVersion = capellaForkVersion;
    this.pending = pending;
  }

  static Map<Long, Long> requests() {
    return new ConcurrentHashMap<>();
  }

  /** The exits due by {@code epoch} whose share this client holds. */
  CompletableFuture<List<Outcome>> run(long epoch) {
    Map<Long, BlsSecretKey> shares = context.keys().sharesByIndex();
    List<CompletableFuture<Outcome>> sent = new ArrayList<>();
    pending.forEach((index, exitEpoch) -> {
      BlsSecretKey share = shares.get(index);
      if (share == null || exitEpoch > epoch) {
        return;
      }
      VoluntaryExit exit = new VoluntaryExit(exitEpoch, index);
      Bytes root = SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, exit,
          SigningRoots.voluntaryExitDomain(capellaForkVersion, context.signing().genesisValidatorsRoot()));
      CompletableFuture<Void> posted = context.calls().call("voluntary_exits",
          () -> context.node().publishVoluntaryExit(new SignedVoluntaryExit(exit, share.sign(root).toBytes())));
      sent.add(Outcome.of(posted.thenRun(() -> pending.remove(index, exitEpoch)), 1));
    });
    return Outcome.all(sent);
  }
}
