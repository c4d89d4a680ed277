package io.phalanx.cli;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.Keystore;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phalanx exit}: signs a voluntary exit with this node's share and hands the partial to the
 * running node, which shares it with its peers; the exit is published once T operators did.
 */
@Command(
    name = "exit",
    header = "Sign a voluntary exit of a distributed validator with this node's key share.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "For operators whose validator client has no exit command. Loads this node's share of the",
      "validator (keystore and password from the node folder's validator_keys/), signs a voluntary",
      "exit for the epoch with it (DOMAIN_VOLUNTARY_EXIT with the chain's Capella fork version, as",
      "every exit since Deneb) and submits the partial signature to this node's running validator",
      "API, which checks it, shares it with the peers and, once T operators have run this command",
      "(on their own machines, against their own nodes) for the same validator and epoch, combines",
      "the partials, checks the result against the validator's public key and publishes the exit",
      "through its beacon nodes. Every operator must give the same --epoch.",
      "",
      "Exiting is final: the validator stops earning and, once withdrawable, its balance goes to",
      "its withdrawal address. The key and password are never printed or logged.",
      "",
      "Example (each operator, same epoch):",
      "  phalanx exit --data-dir ./node --validator 0x8f3a...c1 --epoch 194048",
      ""
    })
public final class ExitCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "This node's folder (as 'create cluster' or 'dkg' wrote it, e.g. cluster/node0).")
  Path dataDir;

  @Option(names = "--validator", required = true, paramLabel = "PUBKEY|INDEX",
      description = "The validator to exit: its public key (the cluster lock's, 0x + 96 hex) or its index on chain.")
  String validator;

  @Option(names = "--epoch", paramLabel = "EPOCH",
      description = "The epoch the exit is valid from; every operator must give the same one (default: the current"
          + " epoch, which operators running the command at different times may not agree on).")
  Long epoch;

  @Option(names = "--validator-api-url", defaultValue = "http://127.0.0.1:3600", paramLabel = "URL",
      description = "This node's running validator API, which takes the partial exit (default: ${DEFAULT-VALUE}).")
  URI validatorApi;

  @Option(names = "--beacon-node-endpoints", split = ",", paramLabel = "URL",
      description = "Beacon nodes to read the chain (genesis, spec, the validator's index) from; the first that"
          + " answers is used (default: through the node's validator API).")
  List<URI> beaconNodes = new ArrayList<>();

  @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
      description = "How long each request may take, e.g. 10s or 500ms (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Duration wait = duration(timeout);
    NodeData data = NodeData.load(dataDir);
    List<HttpBeaconNode> opened = new ArrayList<>();
    try {
      HttpBeaconNode node = open(validatorApi, wait, opened);
      ChainView chain = chain(beaconNodes.isEmpty() ? List.of(node) : openAll(beaconNodes, wait, opened), wait);
      Target target = resolve(data, chain.source(), wait);
      long exitEpoch = epoch != null ? epoch : chain.clock().currentEpoch();
      if (exitEpoch < 0) {
        throw new IllegalArgumentException("--epoch must not be negative, got " + exitEpoch);
      }
      if (exitEpoch > chain.clock().currentEpoch()) {
        throw new IllegalArgumentException("--epoch " + exitEpoch + " has not begun (the chain is at epoch "
            + chain.clock().currentEpoch() + "): beacon nodes refuse exits for a later epoch; give this one or an"
            + " earlier one");
      }
      BlsSecretKey share = share(dataDir, data, target.validator());
      VoluntaryExit exit = new VoluntaryExit(exitEpoch, target.index());
      Bytes root = SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, exit,
          SigningRoots.voluntaryExitDomain(chain.capellaForkVersion(), chain.genesis().genesisValidatorsRoot()));
      SignedVoluntaryExit partial = new SignedVoluntaryExit(exit, share.sign(root).toBytes());
      await(node.publishVoluntaryExit(partial), wait, "the node's validator API at " + validatorApi);
      out.println("Signed a voluntary exit of validator " + target.index() + " (" + target.validator().groupPublicKey()
          + ") for epoch " + exitEpoch + " with node " + data.nodeIndex() + "'s share and handed it to the node at "
          + validatorApi + ".");
      out.println("The node shares it with its peers; the exit is combined and published once "
          + data.lock().content().threshold() + " of the cluster's " + data.lock().operators().size()
          + " operators have run this command for validator " + target.index() + " and epoch " + exitEpoch + ".");
      out.flush();
      return 0;
    } finally {
      opened.forEach(HttpBeaconNode::close);
    }
  }

  private record ChainView(BeaconNode source, Genesis genesis, SlotClock clock, Bytes capellaForkVersion) {}

  private record Target(DistributedValidator validator, long index) {}

  private static HttpBeaconNode open(URI url, Duration wait, List<HttpBeaconNode> opened) {
    HttpBeaconNode node = new HttpBeaconNode(HttpBeaconNode.Config.of(url).withTimeouts(wait, wait));
    opened.add(node);
    return node;
  }

  private static List<BeaconNode> openAll(List<URI> urls, Duration wait, List<HttpBeaconNode> opened) {
    List<BeaconNode> nodes = new ArrayList<>();
    urls.forEach(url -> nodes.add(open(url, wait, opened)));
    return nodes;
  }

  /** Genesis and spec from the first source that answers. */
  private static ChainView chain(List<? extends BeaconNode> sources, Duration wait) {
    List<String> problems = new ArrayList<>();
    for (BeaconNode source : sources) {
      try {
        Genesis genesis = await(source.genesis(), wait, source.toString());
        ChainSpec chainSpec = await(source.spec(), wait, source.toString());
        String capella = chainSpec.values().get("CAPELLA_FORK_VERSION");
        if (capella == null) {
          throw new IllegalArgumentException(source + " does not name CAPELLA_FORK_VERSION in its spec, which"
              + " exits are signed with");
        }
        SlotClock clock = new SlotClock(Instant.ofEpochSecond(genesis.genesisTime()), chainSpec.slotDuration(),
            chainSpec.slotsPerEpoch(), Clock.systemUTC());
        return new ChainView(source, genesis, clock, Bytes.fromHex(capella, 4, "CAPELLA_FORK_VERSION"));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    throw new IllegalArgumentException("no node or beacon node answered: " + String.join("; ", problems)
        + ". Is 'phalanx run' running with its validator API at the --validator-api-url, or give"
        + " --beacon-node-endpoints");
  }

  /** The lock's validator and its index on chain, from a public key or an index. */
  private Target resolve(NodeData data, BeaconNode source, Duration wait) {
    List<DistributedValidator> validators = data.lock().content().validators();
    String id = validator.trim();
    if (id.startsWith("0x")) {
      Bytes key;
      try {
        key = Bytes.fromHex(id, 48, "--validator public key");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--validator " + id + ": not a 48-byte public key: " + e.getMessage(), e);
      }
      DistributedValidator v = validators.stream().filter(d -> d.groupPublicKey().toBytes().equals(key)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--validator " + id + " is not a validator of cluster '"
              + data.lock().content().name() + "' (its lock has " + validators.size() + "; give a group public key"
              + " from cluster-lock.json)"));
      List<ValidatorInfo> found = await(source.validators("head", List.of(id)), wait, source.toString());
      long index = found.stream().findFirst().map(ValidatorInfo::index).orElseThrow(() -> new IllegalArgumentException(
          "the chain does not know validator " + id + " yet (not deposited or not yet seen): it cannot exit"));
      return new Target(v, index);
    }
    long index;
    try {
      index = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--validator " + id + ": expected a public key (0x...) or an index", e);
    }
    List<ValidatorInfo> found =
        await(source.validators("head", List.of(Long.toString(index))), wait, source.toString());
    Optional<DistributedValidator> v = found.stream().findFirst().flatMap(info -> validators.stream()
        .filter(d -> d.groupPublicKey().toBytes().equals(info.pubkey())
            || d.publicShare(data.nodeIndex()).toBytes().equals(info.pubkey()))
        .findFirst());
    return new Target(v.orElseThrow(() -> new IllegalArgumentException("--validator " + index + (found.isEmpty()
        ? ": the chain knows no validator with this index" : ": that validator is not one of cluster '"
            + data.lock().content().name() + "''s validators"))), index);
  }

  /** This node's share of {@code v}, from the keystore that names its public key. */
  private static BlsSecretKey share(Path dataDir, NodeData data, DistributedValidator v) {
    Bytes shareKey = v.publicShare(data.nodeIndex()).toBytes();
    Path keysDir = new NodeDirectory(dataDir).keysDir();
    for (Path file : KeystoreFiles.list(keysDir)) {
      Keystore keystore = Keystore.read(file);
      if (keystore.pubkey().map(shareKey::equals).orElse(false)) {
        BlsSecretKey key = KeystoreFiles.read(file);
        if (!key.publicKey().toBytes().equals(shareKey)) {
          throw new IllegalArgumentException(file + " does not hold node " + data.nodeIndex() + "'s share of "
              + v.groupPublicKey());
        }
        return key;
      }
    }
    throw new IllegalArgumentException("no keystore in " + keysDir + " holds this node's share (" + shareKey
        + ") of validator " + v.groupPublicKey() + ": is --data-dir this node's folder?");
  }

  private static <T> T await(CompletableFuture<T> future, Duration wait, String what) {
    try {
      return future.get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApiException api) {
        throw new IllegalArgumentException(
            what + " refused: " + api.getMessage() + " (HTTP " + api.status() + ")", api);
      }
      throw new IllegalArgumentException(what + " is not reachable: " + describe(cause), cause);
    } catch (TimeoutException e) {
      throw new IllegalArgumentException(what + " did not answer within " + wait, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException("--timeout " + text + ": expected e.g. 10s or 500ms");
  }
}
