package io.phalanx.cli;

import io.phalanx.api.failover.FailoverBeaconNode;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.PhalanxNode;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx run}: one node of a cluster, in front of a beacon node. */
@Command(
    name = "run",
    header = "Run one node of a cluster in front of its beacon nodes.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run one Phalanx node from its node folder (made by 'phalanx create cluster'). Point the",
      "validator client (in distributed mode, with this node's share keystores from",
      "validator_keys/) at the validator API address; Phalanx itself holds no validator key.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  phalanx run --data-dir cluster/node0 --beacon-node-endpoints http://127.0.0.1:5052,http://10.0.0.2:5052 \\",
      "      --fallback-beacon-node-endpoints https://bn.example:5052 \\",
      "      --validator-api-address 127.0.0.1:3600 --p2p-address 0.0.0.0:3610",
      "  phalanx run --config-file node0.yaml"
    })
public final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config-file", paramLabel = "FILE",
      description = {"Read option values from FILE: one 'name=value' or 'name: value' line per option, names",
          "being the long option names without dashes (e.g. 'beacon-node-endpoints: http://a:5052,http://b:5052');",
          "a flat YAML file works. Options given on the command line win."})
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The node's folder: cluster-lock.json, identity/, validator_keys/; Raft state goes in DIR/state (required).")
  Path dataDir;

  @Option(names = "--beacon-node-endpoints", split = ",", paramLabel = "URL",
      description = {"The beacon nodes' HTTP APIs in order of preference, e.g. http://127.0.0.1:5052,http://10.0.0.2:5052",
          "(required). Reads go to the best ready one and fail over to the next within the request; signed",
          "messages go to every ready one."})
  List<URI> beaconNodes;

  @Option(names = "--fallback-beacon-node-endpoints", split = ",", paramLabel = "URL",
      description = "Beacon nodes used only when no primary (--beacon-node-endpoints) is ready.")
  List<URI> fallbackBeaconNodes = new ArrayList<>();

  @Option(names = "--attestation-data-strategy", defaultValue = "first", paramLabel = "first|best",
      converter = StrategyConverter.class,
      description = {"first: attestation data from the best ready beacon node, failing over one by one;",
          "best: ask every ready one in parallel and take the latest checkpoints within a soft timeout",
          "(default: ${DEFAULT-VALUE})."})
  FailoverBeaconNode.AttestationDataStrategy attestationDataStrategy;

  @Option(names = "--validator-api-address", defaultValue = "127.0.0.1:3600", paramLabel = "HOST:PORT",
      description = "Where the validator client connects (default: ${DEFAULT-VALUE}).")
  String validatorApiAddress;

  @Option(names = "--p2p-address", defaultValue = "0.0.0.0:3610", paramLabel = "HOST:PORT",
      description = "Where peers reach Raft; the partial-signature exchange uses the next port (default: ${DEFAULT-VALUE}).")
  String p2pAddress;

  @Option(names = "--peers", split = ",", paramLabel = "HOST:PORT",
      description = {"Every node's p2p address in node order, this node's included (default: the addresses in",
          "the cluster lock)."})
  List<String> peers;

  @Option(names = "--monitoring-address", defaultValue = "127.0.0.1:3620", paramLabel = "HOST:PORT",
      description = {"Where Prometheus scrapes /metrics and orchestrators probe /livez and /readyz",
          "(default: ${DEFAULT-VALUE})."})
  String monitoringAddress;

  @CommandLine.Mixin ProposalOptions proposals = new ProposalOptions();

  @CommandLine.Mixin LogOptions logs = new LogOptions();

  /** Set on the copy that reads the config file, so it is read once. */
  private boolean configFileApplied;

  @Override
  public Integer call() throws Exception {
    if (configFile != null && !configFileApplied) {
      return withConfigFile().call();
    }
    logs.apply();
    PrintWriter out = spec.commandLine().getOut();
    if (dataDir == null) {
      throw new IllegalArgumentException("--data-dir is required (on the command line or in --config-file)");
    }
    if (beaconNodes == null || beaconNodes.isEmpty()) {
      throw new IllegalArgumentException("--beacon-node-endpoints is required (on the command line or in"
          + " --config-file): give at least one beacon node URL");
    }
    NodeData data = NodeData.load(dataDir);
    List<InetSocketAddress> peerAddresses = HostPorts.peers(peers, data.lock().operators(), HostPorts.Source.LOCK);
    PhalanxNode node = PhalanxNode.start(PhalanxNode.Config.lan(data, beaconNodes, fallbackBeaconNodes,
        HostPorts.parse(validatorApiAddress, "--validator-api-address"), HostPorts.parse(p2pAddress, "--p2p-address"),
        peerAddresses,
        PhalanxCommand.Version.version()).withAttestationData(attestationDataStrategy)
        .withMonitoringAddress(HostPorts.parse(monitoringAddress, "--monitoring-address"))
        .withProposals(proposals.config()));
    out.println("node " + data.nodeIndex() + " of cluster '" + data.lock().content().name()
        + "' running; validator API at " + node.validatorApiUrl() + ", metrics at "
        + node.monitoringUrl().map(u -> u + "/metrics").orElse("(none)") + " (Ctrl-C stops it)");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "phalanx-stop"));
    stopped.await();
    return 0;
  }

  /** This command parsed again with the config file's values as defaults for what the command line lacks. */
  private RunCommand withConfigFile() {
    RunCommand again = new RunCommand();
    again.configFileApplied = true;
    CommandLine cli = new CommandLine(again);
    cli.setOut(spec.commandLine().getOut());
    cli.setErr(spec.commandLine().getErr());
    cli.setDefaultValueProvider(ConfigFileDefaults.load(configFile, cli.getCommandSpec()));
    try {
      // The arguments after this command's name: the ones before it belong to 'phalanx' itself.
      List<String> all = spec.commandLine().getParseResult().originalArgs();
      List<String> own = all.subList(all.indexOf(spec.name()) + 1, all.size());
      cli.parseArgs(own.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage() + " (with the values of " + configFile + ")");
    }
    return again;
  }

  /** {@code first} or {@code best}. */
  static final class StrategyConverter implements CommandLine.ITypeConverter<FailoverBeaconNode.AttestationDataStrategy> {
    @Override
    public FailoverBeaconNode.AttestationDataStrategy convert(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "first" -> FailoverBeaconNode.AttestationDataStrategy.FIRST;
        case "best" -> FailoverBeaconNode.AttestationDataStrategy.BEST;
        default -> throw new CommandLine.TypeConversionException("expected first or best, got '" + value + "'");
      };
    }
  }
}
