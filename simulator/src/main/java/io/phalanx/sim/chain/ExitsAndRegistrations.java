package io.phalanx.sim.chain;

import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated chain's voluntary exits, builder registrations and proposer preparations. Every
 * exit and registration is verified against the validator's group key in its own domain:
 * DOMAIN_VOLUNTARY_EXIT with the Capella fork version (EIP-7044), DOMAIN_APPLICATION_BUILDER with
 * the genesis fork version and a zero genesis validators root (builder-specs).
 *
 * <p>Counting, per epoch of arrival: an exit succeeds once per validator (later copies, e.g. from
 * every beacon node of a cluster, change nothing); a registration succeeds once per validator and
 * epoch. Neither can be known in advance, so each is expected when it (or a refused attempt)
 * arrives: an epoch's tally shows how many validators got one through, and the refusals by reason.
 *
 * <p>An exited validator keeps its attester duties in the simulation: the simulated chain has no
 * exit queue, and keeping the duties keeps the attestation figures of a run comparable. Thread-safe.
 */
final class ExitsAndRegistrations {
  private final ChainRules rules;
  private final Bytes capellaForkVersion;
  private final Bytes genesisForkVersion;
  private final Bytes genesisValidatorsRoot;
  private final Map<Bytes, Long> indexByKey = new HashMap<>();
  private final Map<Long, Long> exitEpochByValidator = new HashMap<>();
  private final Map<Long, ValidatorRegistrationV1> latestRegistration = new HashMap<>();
  /** The first accepted signed exit per validator: its copies from other beacon nodes need no check. */
  private final Map<Long, SignedVoluntaryExit> acceptedExits = new ConcurrentHashMap<>();
  /** The last signed registration accepted per validator, whose signature is known good. */
  private final Map<Long, SignedValidatorRegistrationV1> latestSigned = new ConcurrentHashMap<>();
  private final Map<Long, Bytes> feeRecipients = new HashMap<>();
  private final TreeMap<Long, Counts> exitsByEpoch = new TreeMap<>();
  private final TreeMap<Long, Counts> registrationsByEpoch = new TreeMap<>();
  /** Tallies of epochs two or more before the current one, whose validator sets are dropped. */
  private final Map<Long, DutyTally> frozenExits = new HashMap<>();
  private final Map<Long, DutyTally> frozenRegistrations = new HashMap<>();

  /** One epoch's validators that succeeded, those that only failed (with the last reason), and refusals. */
  private static final class Counts {
    final Set<Long> succeeded = new HashSet<>();
    final Map<Long, FailureReason> failed = new HashMap<>();
    final Map<String, Long> refused = new TreeMap<>();

    DutyTally tally() {
      Map<String, Long> failures = new TreeMap<>();
      failed.forEach((validator, reason) -> {
        if (!succeeded.contains(validator)) {
          failures.merge(reason.text(), 1L, Long::sum);
        }
      });
      long failedCount = failures.values().stream().mapToLong(Long::longValue).sum();
      return new DutyTally(succeeded.size() + failedCount, succeeded.size(), failures, refused);
    }
  }

  ExitsAndRegistrations(ChainRules rules, Bytes genesisValidatorsRoot) {
    this.rules = rules;
    this.capellaForkVersion = Bytes.fromHex(rules.specValues().get("CAPELLA_FORK_VERSION"));
    this.genesisForkVersion = Bytes.fromHex(rules.specValues().get("GENESIS_FORK_VERSION"));
    this.genesisValidatorsRoot = genesisValidatorsRoot;
    List<BlsPublicKey> keys = rules.config().validators();
    for (int index = 0; index < keys.size(); index++) {
      indexByKey.put(keys.get(index).toBytes(), (long) index);
    }
  }

  Bytes exitSigningRoot(VoluntaryExit exit) {
    return SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, exit,
        SigningRoots.voluntaryExitDomain(capellaForkVersion, genesisValidatorsRoot));
  }

  Bytes registrationSigningRoot(ValidatorRegistrationV1 registration) {
    return SigningRoots.validatorRegistrationSigningRoot(registration, genesisForkVersion);
  }

  /** Takes a signed exit; the refusal if it is not valid. */
  Optional<Refusal> submitExit(SignedVoluntaryExit signed, List<RecordedMessage> accepted) {
    VoluntaryExit exit = signed.message();
    long validator = exit.validatorIndex();
    long currentEpoch = rules.clock().epochOf(rules.currentSlot());
    FailureReason problem = null;
    if (!rules.isKnown(validator)) {
      problem = FailureReason.UNKNOWN_VALIDATOR;
    } else if (Long.compareUnsigned(exit.epoch(), currentEpoch) > 0) {
      problem = FailureReason.FUTURE_EPOCH;
    } else if (!signed.equals(acceptedExits.get(validator))
        && !verifies(rules.publicKey(validator), exitSigningRoot(exit), signed.signature())) {
      problem = FailureReason.INVALID_SIGNATURE;
    }
    synchronized (this) {
      freeze();
      Counts counts = exitsByEpoch.computeIfAbsent(currentEpoch, e -> new Counts());
      if (problem != null) {
        counts.refused.merge(problem.text(), 1L, Long::sum);
        counts.failed.put(validator, problem);
        return Optional.of(new Refusal(0, problem, problem.text() + " (voluntary exit of validator "
            + Long.toUnsignedString(validator) + ", epoch " + Long.toUnsignedString(exit.epoch()) + ")"));
      }
      acceptedExits.putIfAbsent(validator, signed);
      if (exitEpochByValidator.putIfAbsent(validator, exit.epoch()) == null) {
        counts.succeeded.add(validator);
        accepted.add(new RecordedMessage(RecordedMessage.VOLUNTARY_EXIT, rules.currentSlot(),
            rules.publicKey(validator).toBytes(), SignedVoluntaryExit.SSZ.toJson(signed)));
      }
      return Optional.empty();
    }
  }

  /**
   * Takes signed registrations; the refused ones, by position. A cluster sends the same registration
   * through each of its beacon nodes: one identical to the last accepted is taken without checking
   * its signature again; the others are checked in one batch.
   */
  List<Refusal> submitRegistrations(List<SignedValidatorRegistrationV1> registrations, List<RecordedMessage> accepted) {
    long currentEpoch = rules.clock().epochOf(rules.currentSlot());
    List<Optional<SignatureCheck>> checks = new ArrayList<>();
    boolean[] alreadyAccepted = new boolean[registrations.size()];
    for (int i = 0; i < registrations.size(); i++) {
      SignedValidatorRegistrationV1 signed = registrations.get(i);
      Long index = indexByKey.get(signed.message().pubkey());
      alreadyAccepted[i] = index != null && signed.equals(latestSigned.get(index));
      checks.add(index == null || alreadyAccepted[i] ? Optional.empty() : check(rules.publicKey(index),
          registrationSigningRoot(signed.message()), signed.signature()));
    }
    boolean[] valid = verify(checks);
    List<Refusal> refusals = new ArrayList<>();
    for (int i = 0; i < registrations.size(); i++) {
      SignedValidatorRegistrationV1 signed = registrations.get(i);
      Optional<Long> validator = Optional.ofNullable(indexByKey.get(signed.message().pubkey()));
      FailureReason problem = null;
      if (validator.isEmpty()) {
        problem = FailureReason.UNKNOWN_VALIDATOR;
      } else if (!alreadyAccepted[i] && !valid[i]) {
        problem = FailureReason.INVALID_SIGNATURE;
      }
      synchronized (this) {
        freeze();
        Counts counts = registrationsByEpoch.computeIfAbsent(currentEpoch, e -> new Counts());
        if (problem != null) {
          counts.refused.merge(problem.text(), 1L, Long::sum);
          FailureReason reason = problem;
          validator.ifPresent(v -> counts.failed.put(v, reason));
          refusals.add(new Refusal(i, problem, problem.text() + " (builder registration of "
              + signed.message().pubkey() + ")"));
          continue;
        }
        latestRegistration.merge(validator.get(), signed.message(),
            (before, after) -> after.timestamp() >= before.timestamp() ? after : before);
        latestSigned.put(validator.get(), signed);
        if (counts.succeeded.add(validator.get())) {
          accepted.add(new RecordedMessage(RecordedMessage.VALIDATOR_REGISTRATION, rules.currentSlot(),
              signed.message().pubkey(), SignedValidatorRegistrationV1.SSZ.toJson(signed)));
        }
      }
    }
    return refusals;
  }

  /** Takes the fee recipients; unknown validators are taken too, as the beacon API says. */
  synchronized void prepare(List<ProposerPreparation> preparations) {
    preparations.forEach(p -> feeRecipients.put(p.validatorIndex(), p.feeRecipient()));
  }

  synchronized Optional<Long> exitEpoch(long validator) {
    return Optional.ofNullable(exitEpochByValidator.get(validator));
  }

  synchronized Optional<ValidatorRegistrationV1> registration(long validator) {
    return Optional.ofNullable(latestRegistration.get(validator));
  }

  synchronized Optional<Bytes> feeRecipient(long validator) {
    return Optional.ofNullable(feeRecipients.get(validator));
  }

  synchronized DutyTally exits(long epoch) {
    freeze();
    Counts counts = exitsByEpoch.get(epoch);
    return counts != null ? counts.tally() : frozenExits.getOrDefault(epoch, DutyTally.EMPTY);
  }

  synchronized DutyTally registrations(long epoch) {
    freeze();
    Counts counts = registrationsByEpoch.get(epoch);
    return counts != null ? counts.tally() : frozenRegistrations.getOrDefault(epoch, DutyTally.EMPTY);
  }

  /** Keeps only the tallies of old epochs, so memory does not grow with validators times epochs. */
  private void freeze() {
    long before = rules.clock().epochOf(rules.currentSlot()) - 1;
    freeze(exitsByEpoch, frozenExits, before);
    freeze(registrationsByEpoch, frozenRegistrations, before);
  }

  private static void freeze(TreeMap<Long, Counts> live, Map<Long, DutyTally> frozen, long before) {
    while (!live.isEmpty() && live.firstKey() < before) {
      Map.Entry<Long, Counts> oldest = live.pollFirstEntry();
      frozen.put(oldest.getKey(), oldest.getValue().tally());
    }
  }

  /** As the chain checks every signature: see {@link Signatures#check}. */
  private static Optional<SignatureCheck> check(BlsPublicKey key, Bytes root, Bytes signature) {
    return Signatures.check(key, root, signature);
  }

  private static boolean[] verify(List<Optional<SignatureCheck>> checks) {
    return Signatures.verify(checks);
  }

  private static boolean verifies(BlsPublicKey key, Bytes root, Bytes signature) {
    try {
      return BlsSignature.fromBytes(signature).verify(key, root);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
