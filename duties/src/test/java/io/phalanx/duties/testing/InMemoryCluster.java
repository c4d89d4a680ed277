package io.phalanx.duties.testing;

import io.phalanx.duties.ClusterView;
import io.phalanx.duties.DutyWorkflow;
import io.phalanx.duties.SignedMessages;
import io.phalanx.spec.testing.ManualClock;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.ForkSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * N nodes' duty workflows in memory, on a manual clock: one {@link StubBeaconNode} behind all of
 * them, an {@link InMemoryConsensus} and an {@link InMemoryExchange} between them, and every
 * timer, timeout, hand-off and signature check on one {@link ManualScheduler}, so that the whole
 * cluster runs on the test's thread, in the same order on every run, as fast as the signatures
 * can be checked. Time moves only when the test moves it: {@link #advanceSlots}, {@link
 * #advanceToSlot} or {@link #advanceTo}. Each node may have a {@link ValidatorClientStub} that
 * attests at 1/3 and aggregates at 2/3 of every slot ({@link #runValidatorClients}). A node can be
 * cut off from agreement and exchange ({@link #cutOff}).
 */
public final class InMemoryCluster implements AutoCloseable {
  /** Genesis of the test chain; the clock starts there. */
  public static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

  private final ClusterKeys keys;
  private final SlotClock clock;
  private final ManualScheduler scheduler;
  private final SignedMessages messages;
  private final StubBeaconNode beaconNode;
  private final InMemoryConsensus consensus;
  private final InMemoryExchange exchange;
  private final List<DutyWorkflow> nodes = new ArrayList<>();
  private final List<ValidatorClientStub> clients = new ArrayList<>();
  private final List<String> clientErrors = new CopyOnWriteArrayList<>();

  private InMemoryCluster(Builder b) {
    this.keys = ClusterKeys.generate(b.nodes, b.threshold, b.validators, SeededRandom.of(b.seed));
    ManualClock time = new ManualClock(GENESIS);
    this.scheduler = new ManualScheduler(time);
    this.clock = new SlotClock(GENESIS, b.slotDuration, b.slotsPerEpoch, time);
    ForkSchedule forks = ForkSchedule.single(ClusterKeys.FORK, ConsensusVersion.FULU, b.slotsPerEpoch);
    this.messages = new SignedMessages(forks, ClusterKeys.GVR, b.slotsPerEpoch);
    this.beaconNode = new StubBeaconNode(keys.validators(), messages, b.seed);
    this.consensus = new InMemoryConsensus(b.nodes, messages, scheduler, b.decisionDelay);
    this.exchange = new InMemoryExchange(b.nodes, scheduler);
    List<Long> indices = LongStream.range(0, b.validators).boxed().toList();
    for (int i = 0; i < b.nodes; i++) {
      DutyWorkflow node = new DutyWorkflow(new ClusterView(keys.lock(), i), consensus.node(i), exchange.node(i),
          beaconNode, clock, forks, ClusterKeys.GVR, scheduler, scheduler, List.of());
      nodes.add(node);
      clients.add(new ValidatorClientStub(node.validatorApi(), keys.sharesOf(i), messages, indices));
    }
    nodes.forEach(DutyWorkflow::start);
    scheduler.runDue();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What the cluster is made of; every setting has a default. */
  public static final class Builder {
    private int nodes = ClusterKeys.N;
    private int threshold = ClusterKeys.T;
    private int validators = 4;
    private long seed = 1;
    private Duration slotDuration = Duration.ofSeconds(12);
    private long slotsPerEpoch = ClusterKeys.SLOTS_PER_EPOCH;
    private Duration decisionDelay = Duration.ZERO;

    private Builder() {}

    /** Nodes and threshold: 4 and 3 unless set. */
    public Builder nodes(int count, int threshold) {
      this.nodes = count;
      this.threshold = threshold;
      return this;
    }

    /** Distributed validators, each attesting once an epoch: 4 unless set. */
    public Builder validators(int count) {
      this.validators = count;
      return this;
    }

    /** Draws the keys and the beacon node's answers: 1 unless set. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** 12 s unless set: it is manual time, a long slot costs nothing. */
    public Builder slotDuration(Duration duration) {
      this.slotDuration = duration;
      return this;
    }

    /** 4 unless set. */
    public Builder slotsPerEpoch(long slots) {
      this.slotsPerEpoch = slots;
      return this;
    }

    /** How long after a proposal its decision reaches the nodes: none unless set. */
    public Builder decisionDelay(Duration delay) {
      this.decisionDelay = delay;
      return this;
    }

    /** Builds the cluster and starts its nodes at genesis. */
    public InMemoryCluster start() {
      return new InMemoryCluster(this);
    }
  }

  public DutyWorkflow node(int index) {
    return nodes.get(index);
  }

  public List<DutyWorkflow> nodes() {
    return List.copyOf(nodes);
  }

  /** Node {@code index}'s validator client, to drive it by hand instead of {@link #runValidatorClients}. */
  public ValidatorClientStub validatorClient(int index) {
    return clients.get(index);
  }

  public ClusterKeys keys() {
    return keys;
  }

  public SlotClock clock() {
    return clock;
  }

  public ManualScheduler scheduler() {
    return scheduler;
  }

  public SignedMessages messages() {
    return messages;
  }

  public StubBeaconNode beaconNode() {
    return beaconNode;
  }

  public InMemoryConsensus consensus() {
    return consensus;
  }

  /** Cuts node {@code index} off from agreement and exchange: it decides, sends and hears nothing. */
  public void cutOff(int index) {
    consensus.cutOff(index);
    exchange.cutOff(index);
  }

  /** Connects node {@code index} again; it catches up with what was decided meanwhile. */
  public void reconnect(int index) {
    exchange.reconnect(index);
    consensus.reconnect(index);
  }

  /**
   * From the current slot on, every node's validator client attests at 1/3 and aggregates at 2/3
   * of each slot (of those offsets still to come in the current one). What a client is refused is
   * kept in {@link #clientErrors}.
   */
  public void runValidatorClients() {
    clientsAt(clock.currentSlot());
  }

  private void clientsAt(long slot) {
    scheduler.at(clock.slotFraction(slot, 1, 3), () -> IntStream.range(0, clients.size()).forEach(i ->
        record(i, slot, "attest", clients.get(i).attest(slot))));
    scheduler.at(clock.slotFraction(slot, 2, 3), () -> {
      IntStream.range(0, clients.size()).forEach(i -> record(i, slot, "aggregate", clients.get(i).aggregate(slot)));
      clientsAt(slot + 1);
    });
  }

  private void record(int node, long slot, String duty, CompletableFuture<?> done) {
    done.whenComplete((ok, error) -> {
      if (error != null) {
        clientErrors.add("node " + node + " slot " + slot + " " + duty + ": " + rootMessage(error));
      }
    });
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** What the validator clients were refused, each as "node N slot S duty: why", in the order it happened. */
  public List<String> clientErrors() {
    return List.copyOf(clientErrors);
  }

  public long currentSlot() {
    return clock.currentSlot();
  }

  /** Moves the clock to {@code instant}, running every timer, timeout and hand-off due by then at its time. */
  public void advanceTo(Instant instant) {
    scheduler.advanceTo(instant);
  }

  /** Moves the clock to the start of {@code slot}. */
  public void advanceToSlot(long slot) {
    advanceTo(clock.slotStart(slot));
  }

  /** Moves the clock on to the start of the slot {@code count} slots after the current one. */
  public void advanceSlots(long count) {
    advanceToSlot(clock.currentSlot() + count);
  }

  /** Runs what is due now. */
  public void runDue() {
    scheduler.runDue();
  }

  @Override
  public void close() {
    nodes.forEach(DutyWorkflow::close);
    scheduler.shutdownNow();
  }
}
