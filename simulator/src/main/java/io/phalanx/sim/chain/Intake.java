package io.phalanx.sim.chain;

import io.phalanx.spec.duty.DutyType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every kind of submission to the simulated chain ends with: a refusal counted against the
 * duty in the ledger, and the accepted messages handed to the record sink. The refusals are counted
 * under the chain's lock, which guards the ledger; the sink is called outside it.
 */
final class Intake {
  /** Logs as the chain, whose work this is. */
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedChain.class);

  private final ChainRules rules;
  private final DutyLedger ledger;
  private final RecordSink sink;

  Intake(ChainRules rules, DutyLedger ledger, RecordSink sink) {
    this.rules = rules;
    this.ledger = ledger;
    this.sink = sink;
  }

  /**
   * Counts a refusal, under the chain's lock. One for a future slot is counted in the current
   * epoch, which the summaries show, and fails no duty.
   */
  Refusal refuse(int index, DutyType type, long validator, long slot, FailureReason reason, boolean dutyFails) {
    if (reason == FailureReason.FUTURE_SLOT) {
      ledger.refused(type, validator, rules.currentSlot(), reason, false);
    } else {
      ledger.refused(type, validator, slot, reason, dutyFails);
    }
    return refusal(index, validator, slot, reason);
  }

  /** As {@link #refuse}, for a duty of which a validator has one per slot and {@code part}. */
  Refusal refuseInSlot(int index, DutyType type, long validator, long slot, long part, FailureReason reason,
      boolean dutyFails) {
    if (reason == FailureReason.FUTURE_SLOT) {
      ledger.refusedInSlot(type, validator, rules.currentSlot(), part, reason, false);
    } else {
      ledger.refusedInSlot(type, validator, slot, part, reason, dutyFails);
    }
    return refusal(index, validator, slot, reason);
  }

  private static Refusal refusal(int index, long validator, long slot, FailureReason reason) {
    return new Refusal(index, reason, reason.text() + " (validator " + validator + ", slot " + slot + ")");
  }

  /**
   * Hands accepted messages to the sink, outside the lock. The chain took them already, so a
   * failing sink is logged rather than failing the request.
   */
  void record(List<RecordedMessage> accepted) {
    for (RecordedMessage message : accepted) {
      try {
        sink.record(message);
      } catch (RuntimeException e) {
        LOG.warn("recording a " + message.type() + " of slot " + message.slot() + " failed", e);
      }
    }
  }
}
