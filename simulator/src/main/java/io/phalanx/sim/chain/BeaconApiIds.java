package io.phalanx.sim.chain;

import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the simulated chain reads the beacon API's identifiers: validator ids (an index or a 0x
 * public key), block ids ("head", "genesis" or a slot) and the decimal uint64s of paths and
 * queries. A malformed one is the client's error, answered 400.
 */
final class BeaconApiIds {
  private BeaconApiIds() {}

  /**
   * The validators named by {@code ids} (none means all) whose status is among {@code statuses}
   * (none means any); unknown validators are left out.
   */
  static List<ValidatorInfo> validators(ChainRules rules, List<String> ids, List<String> statuses) {
    if (!statuses.isEmpty() && !statuses.contains("active_ongoing") && !statuses.contains("active")) {
      return List.of();
    }
    if (ids.isEmpty()) {
      List<ValidatorInfo> all = new ArrayList<>();
      for (long index = 0; index < rules.validatorCount(); index++) {
        all.add(rules.validatorInfo(index));
      }
      return all;
    }
    Set<Long> found = new LinkedHashSet<>();
    for (String id : ids) {
      validatorIndexOf(rules, id).ifPresent(found::add);
    }
    return found.stream().map(rules::validatorInfo).toList();
  }

  private static Optional<Long> validatorIndexOf(ChainRules rules, String id) {
    if (id.startsWith("0x")) {
      Bytes pubkey;
      try {
        pubkey = Bytes.fromHex(id, 48, "validator public key");
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid validator id " + id + ": " + e.getMessage());
      }
      List<BlsPublicKey> keys = rules.config().validators();
      for (int index = 0; index < keys.size(); index++) {
        if (keys.get(index).toBytes().equals(pubkey)) {
          return Optional.of((long) index);
        }
      }
      return Optional.empty();
    }
    long index = parseUint64(id, "validator id");
    return rules.isKnown(index) ? Optional.of(index) : Optional.empty();
  }

  /** The root of the block {@code blockId} names: the latest started slot's for "head". */
  static Bytes blockRoot(ChainRules rules, String blockId) {
    long head = Math.max(0, rules.lastStartedSlot());
    return switch (blockId) {
      case "head" -> rules.blockRoot(head);
      case "genesis" -> rules.genesisBlockRoot();
      default -> {
        if (!blockId.matches("[0-9]{1,19}")) {
          throw ApiException.badRequest("invalid block id '" + blockId + "': expected head, genesis or a slot");
        }
        long slot = parseUint64(blockId, "block id");
        if (slot > head) {
          throw ApiException.notFound("no block at slot " + slot + " yet; the head is at slot " + head);
        }
        yield rules.blockRoot(slot);
      }
    };
  }

  /**
   * A decimal uint64 that fits a long, as indices, slots and epochs of any real chain do.
   *
   * @throws ApiException 400 otherwise
   */
  static long parseUint64(String text, String what) {
    try {
      long value = Long.parseLong(text);
      if (value >= 0 && !text.startsWith("+")) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("invalid " + what + ": " + text);
  }
}
