package io.phalanx.sim.vc;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At the start of a slot one of its validators proposes in: sign the epoch as the RANDAO reveal
 * (a partial one, with a share), ask the node for a block with v3 (preferring a builder's blinded
 * block or a local full one, as the call pattern says), sign the block it answers as it is (the
 * Eth-Execution-Payload-Blinded header and the body say which form) and publish it as JSON or SSZ.
 */
final class ProposalDuty {
  /** What a simulated client writes into its blocks; the operator's graffiti on the node wins. */
  static final Bytes GRAFFITI = graffiti("phalanx simulated vc");

  private final DutyContext context;
  private final CallPattern pattern;
  private final Map<Long, CompletableFuture<List<ProposerDuty>>> dutiesByEpoch = new ConcurrentHashMap<>();

  ProposalDuty(DutyContext context, CallPattern pattern) {
    this.context = context;
    this.pattern = pattern;
  }

  /** The epoch's proposer duties of validators this client holds, asked once per epoch. */
  CompletableFuture<List<ProposerDuty>> duties(long epoch) {
    dutiesByEpoch.keySet().removeIf(e -> e < epoch - 1);
    CompletableFuture<List<ProposerDuty>> f = dutiesByEpoch.computeIfAbsent(epoch, e -> context.calls()
        .call("proposer_duties", () -> context.node().proposerDuties(e))
        .thenApply(d -> d.duties().stream().filter(p -> context.keys().shareFor(p.pubkey()).isPresent()).toList()));
    f.whenComplete((ok, failure) -> {
      if (failure != null) {
        dutiesByEpoch.remove(epoch, f);
      }
    });
    return f;
  }

  /** Proposes with each held validator that proposes at {@code slot} (at most one on a real chain). */
  CompletableFuture<List<Outcome>> run(long slot, long epoch) {
    return duties(epoch).thenCompose(duties -> {
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      for (ProposerDuty duty : duties) {
        if (duty.slot() == slot) {
          outcomes.add(Outcome.of(propose(slot, epoch, duty), 1));
        }
      }
      return Outcome.all(outcomes);
    });
  }

  private CompletableFuture<Void> propose(long slot, long epoch, ProposerDuty duty) {
    BlsSecretKey share = context.keys().shareFor(duty.pubkey()).orElseThrow();
    Bytes randao = share.sign(context.signing().randao(epoch)).toBytes();
    OptionalLong boost = pattern.blindedBlocks() ? OptionalLong.empty() : OptionalLong.of(0);
    return context.calls().call("produce_block", () -> context.node().produceBlock(slot, randao, GRAFFITI, boost))
        .thenComposeAsync(block -> publish(block, share), context.executor());
  }

  private CompletableFuture<Void> publish(ProducedBlock block, BlsSecretKey share) {
    Bytes signature = share.sign(context.signing().block(block.slot(), block.blockRoot())).toBytes();
    BeaconNode node = context.node();
    if (block.blinded()) {
      SignedBlindedBeaconBlock signed = new SignedBlindedBeaconBlock(block.blindedBlock(), signature);
      return pattern.sszBodies()
          ? context.calls().call("publish_blinded_block", () -> postSsz(node, "/eth/v2/beacon/blinded_blocks",
              block, block.version().signedBlindedBeaconBlockSchema().serialize(signed)))
          : context.calls().call("publish_blinded_block", () -> node.publishBlindedBlock(block.version(), signed));
    }
    SignedBlockContents signed = SignedBlockContents.of(block.contents(), signature);
    return pattern.sszBodies()
        ? context.calls().call("publish_block", () -> postSsz(node, "/eth/v2/beacon/blocks", block,
            block.version().signedBlockContentsSchema().serialize(signed)))
        : context.calls().call("publish_block", () -> node.publishBlock(block.version(), signed));
  }

  /** An SSZ body, sent as it is: the node's answer other than 2xx is a failure naming its message. */
  private static CompletableFuture<Void> postSsz(BeaconNode node, String path, ProducedBlock block, byte[] body) {
    return node.proxy(new BeaconNode.ProxyRequest("POST", path + "?broadcast_validation=gossip", Map.of(
            "Content-Type", List.of("application/octet-stream"),
            BlockCodecs.CONSENSUS_VERSION, List.of(block.version().apiName())), body))
        .thenApply(answer -> {
          if (answer.status() / 100 != 2) {
            throw new ApiException(answer.status(), "POST " + path + " answered " + answer.status()
                + ": " + new String(answer.body(), StandardCharsets.UTF_8));
          }
          return null;
        });
  }

  private static Bytes graffiti(String text) {
    byte[] padded = new byte[32];
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(utf8, 0, padded, 0, utf8.length);
    return Bytes.of(padded);
  }
}
