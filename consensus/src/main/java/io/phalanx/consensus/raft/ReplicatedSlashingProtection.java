package io.phalanx.consensus.raft;

import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.util.Bytes;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slashing-protection history the cluster replicates through the Raft log: read from this
 * node's state machine, and fed from an imported interchange file through the log, in parts, so
 * that every node merges the same records at the same point.
 */
final class ReplicatedSlashingProtection implements SlashingProtection {
  /** Imported records per Raft entry: about 600 KB, well below the 16 MiB a proposal may carry. */
  static final int IMPORT_RECORDS_PER_ENTRY = 10_000;
  /** Logged under the facade's name, which operators' logging configurations know. */
  private static final Logger LOG = LoggerFactory.getLogger(RaftConsensus.class);

  private final int nodeIndex;
  private final Bytes genesisValidatorsRoot;
  private final DutyStateMachine stateMachine;
  private final Proposer proposer;
  private final Set<Bytes> pendingImport = ConcurrentHashMap.newKeySet();

  ReplicatedSlashingProtection(int nodeIndex, Bytes genesisValidatorsRoot, DutyStateMachine stateMachine,
      Proposer proposer) {
    this.nodeIndex = nodeIndex;
    this.genesisValidatorsRoot = genesisValidatorsRoot;
    this.stateMachine = stateMachine;
    this.proposer = proposer;
  }

  @Override
  public boolean attestationRecorded(Bytes groupPublicKey, long sourceEpoch, long targetEpoch, Bytes signingRoot) {
    return !importPending(groupPublicKey) && stateMachine.readGuarded(
        g -> g.hasAttestation(groupPublicKey, sourceEpoch, targetEpoch, signingRoot));
  }

  @Override
  public Verdict checkAttestation(Bytes groupPublicKey, long sourceEpoch, long targetEpoch, Bytes signingRoot) {
    return stateMachine.readGuarded(g -> g.checkAttestation(groupPublicKey, sourceEpoch, targetEpoch, signingRoot));
  }

  @Override
  public boolean importPending(Bytes groupPublicKey) {
    return pendingImport.contains(groupPublicKey);
  }

  @Override
  public Verdict checkBlock(Bytes groupPublicKey, long slot, Bytes signingRoot) {
    return stateMachine.readGuarded(g -> g.checkBlock(groupPublicKey, slot, signingRoot));
  }

  /** See {@link RaftConsensus#importHistory}. */
  CompletableFuture<Integer> importHistory(SlashingHistory history) {
    Set<Bytes> validators = Set.copyOf(history.pubkeys());
    pendingImport.addAll(validators);
    CompletableFuture<Integer> done = CompletableFuture.completedFuture(0);
    for (SlashingHistory part : history.split(IMPORT_RECORDS_PER_ENTRY)) {
      Message message = Message.valueOf(DutyStateMachine.wrap(new ImportCommand(Bytes.of(part.toSsz())).encode()));
      done = done.thenCompose(sum -> proposer.submit(message).thenApply(reply ->
          switch (DecidedWindow.Outcome.decode(Bytes.of(reply.getContent().toByteArray()))) {
            case DecidedWindow.Outcome.Imported i -> sum + (int) i.validators();
            default -> throw new IllegalStateException("an import was answered as a duty");
          }));
    }
    return done.whenComplete((count, error) -> {
      if (error == null) {
        pendingImport.removeAll(validators);
        LOG.info("Node {}: the imported slashing-protection history of {} validators is in the cluster's history",
            nodeIndex, count);
      }
    });
  }

  /** This node's copy of the cluster's slashing history, in the interchange format. */
  Interchange exportHistory() {
    return stateMachine.readGuarded(g -> g.history().toInterchange(genesisValidatorsRoot));
  }
}
