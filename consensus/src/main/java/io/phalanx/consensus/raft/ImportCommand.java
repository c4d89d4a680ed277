package io.phalanx.consensus.raft;

import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.spec.util.Bytes;

/**
 * Part of a slashing-protection history imported into one node ({@code slashing-protection
 * import}), which the node proposes at start so that every node merges it into its history. The
 * body is the history's SSZ encoding ({@link SlashingHistory#toSsz}); merging only ever adds
 * records and raises watermarks, so applying a part twice (a node restarted before it saw the
 * commit) changes nothing.
 */
record ImportCommand(Bytes history) implements Command {
  @Override
  public Bytes encode() {
    return Command.frame(Command.IMPORT, history.toArray());
  }

  /** The history, read with the rules of the cluster's window. */
  SlashingHistory read(long windowEpochs, long windowSlots) {
    return SlashingHistory.fromSsz(history.toArray(), SlashingHistory.Strategy.COMPLETE, windowEpochs, windowSlots);
  }

  static ImportCommand decodeBody(Bytes body) {
    // Checked here so that the leader refuses a malformed import before it reaches the log.
    SlashingHistory.fromSsz(body.toArray(), SlashingHistory.Strategy.COMPLETE, SlashingHistory.KEEP_ALL,
        SlashingHistory.KEEP_ALL);
    return new ImportCommand(body);
  }
}
