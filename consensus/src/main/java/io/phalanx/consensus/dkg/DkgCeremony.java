package io.phalanx.consensus.dkg;

import com.google.protobuf.ByteString;
import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.cluster.dkg.DkgNodeFiles;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.LockHash;
import io.phalanx.consensus.dkg.DealChecker.CheckedDeal;
import io.phalanx.consensus.dkg.proto.Deal;
import io.phalanx.consensus.dkg.proto.DkgMessage;
import io.phalanx.consensus.dkg.proto.Done;
import io.phalanx.consensus.dkg.proto.Hello;
import io.phalanx.consensus.dkg.proto.Signatures;
import io.phalanx.consensus.dkg.proto.SignedDeal;
import io.phalanx.consensus.dkg.proto.ValidatorDeal;
import io.phalanx.consensus.dkg.proto.Verdict;
import io.phalanx.consensus.tls.PinnedPeers;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.Feldman;
import io.phalanx.spec.util.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's side of the distributed key generation: Feldman VSS per validator, every operator a
 * dealer (Pedersen's DKG with signed deals as the evidence of a complaint).
 *
 * <ol>
 *   <li><b>hello</b>: every node shows every peer its definition hash; a peer with another
 *       definition stops the ceremony everywhere.
 *   <li><b>deal</b>: for each validator the node draws a random polynomial of degree T-1 and sends
 *       each peer, privately over TLS, the commitments to its coefficients and the peer's share,
 *       signed with its identity key.
 *   <li><b>verdict</b>: each node checks its shares against the commitments and tells everyone
 *       a digest of each dealer's commitments and its complaints, with the dealer's signed deal as
 *       proof. A dealer with a proven complaint, or whose commitments differ between nodes, is
 *       excluded. If fewer than N-T+1 dealers remain (so that one of them is surely honest), the
 *       ceremony stops, naming them.
 *   <li><b>signatures</b>: each node's key share is the sum of the qualified dealers' shares; the
 *       group key is the sum of their constant-term commitments. Every node signs the deposit
 *       messages and the lock hash with its new shares and the lock hash with its identity; the
 *       partial signatures are verified, combined by threshold and verified against the group
 *       keys.
 *   <li><b>done</b>: every node tells every other that it verified the outcome; only then is
 *       there a result to write.
 * </ol>
 *
 * No node ever holds a group secret: it only ever sees its own shares.
 *
 * <p>This class runs the rounds and sums the shares; {@link DealChecker} checks deals and
 * verdicts, {@link OutcomeSignatures} makes, checks and combines the signatures.
 */
public final class DkgCeremony {
  private static final Logger LOG = LoggerFactory.getLogger(DkgCeremony.class);

  private final DkgConfig config;
  private final ClusterDefinition definition;
  private final DefinitionContent content;
  private final int self;
  private final int n;
  private final int t;
  private final int validators;
  private final Set<Integer> peers = new HashSet<>();
  private final DealChecker dealChecker;

  /**
   * Checks everything that can be checked alone: the definition is intact and signed by every
   * operator, this identity is one of them.
   *
   * @throws IllegalArgumentException naming what is wrong, before anything listens or connects
   */
  public DkgCeremony(DkgConfig config) {
    this.config = config;
    this.definition = config.definition();
    definition.requireFullySigned();
    this.content = definition.content();
    this.self = definition.operatorIndexOf(config.identity());
    this.n = definition.nodeCount();
    this.t = definition.threshold();
    this.validators = content.validatorCount();
    this.dealChecker = new DealChecker(definition, self);
    for (int i = 0; i < n; i++) {
      if (i != self) {
        peers.add(i);
      }
    }
  }

  public int nodeIndex() {
    return self;
  }

  /**
   * Runs the ceremony with the peers and returns its verified outcome; writes nothing.
   *
   * @throws DkgAbortedException naming the peer and the reason when the ceremony stops
   */
  public DkgResult run() {
    DkgTransport transport = new DkgTransport(self, definition.definitionHash(),
        new PinnedPeers(definition.operators(), config.identity()), config.bindAddress(), config.peerAddresses());
    transport.start();
    try {
      return new Run(transport).run();
    } catch (DkgAbortedException e) {
      if (!e.fromPeer()) {
        transport.abortAll("node " + self + ": " + e.getMessage());
      }
      throw e;
    } finally {
      transport.close();
    }
  }

  /** The state of one run. */
  private final class Run {
    private final DkgTransport transport;
    private final ByteString hash;

    Run(DkgTransport transport) {
      this.transport = transport;
      this.hash = ByteString.copyFrom(definition.definitionHash().toArray());
    }

    DkgResult run() {
      round("hello", DkgMessage.PayloadCase.HELLO, p -> message().setHello(Hello.getDefaultInstance()).build());
      LOG.info("node {}: all {} operators are here; dealing {} validators", self, n, validators);

      // deal
      List<Feldman.Polynomial> polynomials = new ArrayList<>(validators);
      for (int j = 0; j < validators; j++) {
        polynomials.add(Feldman.deal(t, n, config.random()));
      }
      Map<Integer, SignedDeal> outgoing = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        List<Feldman.Polynomial> forPeer = polynomials;
        if (i != self && config.dealerFault().equivocateTo(i)) {
          forPeer = new ArrayList<>(validators);
          for (int j = 0; j < validators; j++) {
            forPeer.add(Feldman.deal(t, n, config.random()));
          }
        }
        outgoing.put(i, signedDeal(forPeer, i));
      }
      Map<Integer, DkgMessage> deals = round("deal", DkgMessage.PayloadCase.DEAL,
          p -> message().setDeal(outgoing.get(p)).build());
      Map<Integer, SignedDeal> received = new TreeMap<>();
      received.put(self, outgoing.get(self));
      deals.forEach((p, m) -> received.put(p, m.getDeal()));

      // verdict
      Map<Integer, CheckedDeal> checked = new TreeMap<>();
      Verdict.Builder verdict = Verdict.newBuilder();
      for (int d = 0; d < n; d++) {
        SignedDeal signed = received.get(d);
        if (!content.operators().get(d).identityPublicKey().verify(Bytes.of(signed.getDeal().toByteArray()),
            Bytes.of(signed.getSignature().toByteArray()))) {
          throw new DkgAbortedException(transport.describe(d) + " sent a deal whose signature does not verify"
              + " under its identity key");
        }
        dealChecker.requireAddressedHere(d, signed);
        CheckedDeal c = dealChecker.check(d, self, signed);
        checked.put(d, c);
        verdict.addCommitmentDigests(ByteString.copyFrom(c.digest().toArray()));
        if (c.problem() != null) {
          LOG.warn("node {}: complaint against {}: {}", self, transport.describe(d), c.problem());
          verdict.addComplaints(signed);
        }
      }
      Verdict own = verdict.build();
      Map<Integer, DkgMessage> verdictMessages = round("verdict", DkgMessage.PayloadCase.VERDICT,
          p -> message().setVerdict(own).build());
      Map<Integer, Verdict> verdicts = new TreeMap<>();
      verdicts.put(self, own);
      verdictMessages.forEach((p, m) -> verdicts.put(p, m.getVerdict()));
      Map<Integer, String> excluded = dealChecker.qualify(verdicts, checked);
      List<Integer> qualified = new ArrayList<>();
      for (int d = 0; d < n; d++) {
        if (!excluded.containsKey(d)) {
          qualified.add(d);
        }
      }
      int needed = n - t + 1;
      if (qualified.size() < needed) {
        throw new DkgAbortedException("too few honest dealers: " + DealChecker.describeExcluded(excluded) + "; "
            + qualified.size() + " remain but " + needed + " are needed (N - T + 1) so that one of them is surely"
            + " honest");
      }
      excluded.forEach((d, why) -> LOG.warn("node {}: excluded dealer {}: {}", self, transport.describe(d), why));

      // shares, group keys and public shares
      List<BlsSecretKey> shares = new ArrayList<>(validators);
      List<DistributedValidator> distributed = new ArrayList<>(validators);
      for (int j = 0; j < validators; j++) {
        List<List<BlsPublicKey>> commitments = new ArrayList<>();
        List<BlsSecretKey> mine = new ArrayList<>();
        for (int d : qualified) {
          commitments.add(checked.get(d).commitments().get(j));
          mine.add(checked.get(d).shares().get(j));
        }
        List<BlsPublicKey> summed = Feldman.sumCommitments(commitments);
        List<BlsPublicKey> publicShares = new ArrayList<>(n);
        for (int x = 1; x <= n; x++) {
          publicShares.add(Feldman.evaluate(summed, x));
        }
        BlsSecretKey share = Feldman.sumShares(mine);
        if (!share.publicKey().equals(publicShares.get(self))) {
          throw new IllegalStateException("own share of validator " + j + " does not fit the public shares");
        }
        shares.add(share);
        distributed.add(new DistributedValidator(summed.get(0), publicShares, content.feeRecipient(),
            content.withdrawalAddress()));
      }
      LockContent lockContent = DkgNodeFiles.lockContent(definition, distributed);
      Bytes lockHash = LockHash.of(lockContent);

      // signatures
      OutcomeSignatures signatures = new OutcomeSignatures(content, self, t, distributed, lockHash, transport::describe);
      Signatures ownSigs = signatures.own(config.identity(), shares);
      Map<Integer, DkgMessage> sigMessages = round("signatures", DkgMessage.PayloadCase.SIGNATURES,
          p -> message().setSignatures(ownSigs).build());
      Map<Integer, Signatures> all = new TreeMap<>();
      all.put(self, ownSigs);
      sigMessages.forEach((p, m) -> all.put(p, m.getSignatures()));
      OutcomeSignatures.Combined combined = signatures.combine(all);
      ClusterLock lock = new ClusterLock(lockContent, lockHash, combined.lockSignatures());
      lock.verify();
      // No node writes before every node has verified the outcome.
      round("done", DkgMessage.PayloadCase.DONE, p -> message().setDone(Done.getDefaultInstance()).build());
      LOG.info("node {}: ceremony done, lock hash {}", self, lockHash);
      return new DkgResult(self, lock, shares, combined.deposits(), excluded);
    }

    private DkgMessage.Builder message() {
      return DkgMessage.newBuilder().setDefinitionHash(hash);
    }

    /** Sends each peer its message, waits for every peer's message of the kind and for the deliveries. */
    private Map<Integer, DkgMessage> round(String name, DkgMessage.PayloadCase kind, IntFunction<DkgMessage> messageFor) {
      Instant deadline = Instant.now().plus(config.timeout());
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int p : peers) {
        sends.add(transport.send(p, messageFor.apply(p), deadline));
      }
      Map<Integer, DkgMessage> got = transport.awaitAll(kind, peers, deadline, name);
      for (CompletableFuture<Void> send : sends) {
        try {
          send.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof DkgAbortedException a ? a : new DkgAbortedException(e.getCause().toString());
        }
      }
      return got;
    }

    private SignedDeal signedDeal(List<Feldman.Polynomial> polynomials, int recipient) {
      Deal.Builder deal = Deal.newBuilder().setDefinitionHash(hash).setDealer(self).setRecipient(recipient);
      for (int j = 0; j < validators; j++) {
        Feldman.Polynomial f = polynomials.get(j);
        ValidatorDeal.Builder v = ValidatorDeal.newBuilder();
        f.commitments().forEach(c -> v.addCommitments(ByteString.copyFrom(c.toBytes().toArray())));
        BlsSecretKey share = recipient == self ? f.share(recipient + 1)
            : config.dealerFault().share(recipient, j, f.share(recipient + 1));
        v.setShare(ByteString.copyFrom(share.toBytes().toArray()));
        deal.addValidators(v);
      }
      byte[] bytes = deal.build().toByteArray();
      return SignedDeal.newBuilder().setDeal(ByteString.copyFrom(bytes))
          .setSignature(ByteString.copyFrom(config.identity().sign(Bytes.of(bytes)).toArray())).build();
    }
  }

  @Override
  public String toString() {
    return "DkgCeremony[node " + self + " of " + n + ", " + validators + " validators]";
  }
}
