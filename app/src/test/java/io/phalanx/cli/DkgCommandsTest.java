package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.OperatorToken;
import io.phalanx.cluster.deposit.DepositDataFile;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.spec.bls.BlsSecretKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The four-step operator workflow through the command line: identity, definition, signatures, ceremony. */
class DkgCommandsTest {
  static final String FEE_RECIPIENT = CreateClusterCommandTest.FEE_RECIPIENT;
  static final String WITHDRAWAL = CreateClusterCommandTest.WITHDRAWAL;

  @TempDir Path dir;

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1);
  }

  /** Creates node folders cluster/node0.. with identities; returns their tokens. */
  private List<String> identities(int n) {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CliRun run = CliRun.of("create", "identity", "--data-dir", node(i).toString());
      assertEquals(0, run.exitCode(), run.toString());
      tokens.add(lastLine(run.out()));
    }
    return tokens;
  }

  private Path node(int i) {
    return dir.resolve("cluster").resolve(NodeDirectory.nodeName(i));
  }

  private static String[] createDefinition(Path output, List<String> tokens, String... extra) {
    List<String> args = new ArrayList<>(List.of("create", "definition", "--name", "dkg-test", "--nodes",
        String.valueOf(tokens.size()), "--threshold", "3", "--validators", "2", "--network", "hoodi",
        "--fee-recipient", FEE_RECIPIENT, "--withdrawal-address", WITHDRAWAL, "--output", output.toString()));
    tokens.forEach(t -> {
      args.add("--operator");
      args.add(t);
    });
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static Stream<Arguments> helpTexts() {
    return Stream.of(
        Arguments.of(List.of("create", "identity"), List.of("--data-dir", "--address", "last line")),
        Arguments.of(List.of("create", "definition"), List.of("--operator", "--threshold", "hash_tree_root")),
        Arguments.of(List.of("definition", "sign"), List.of("--data-dir", "--definition")),
        Arguments.of(List.of("definition", "verify"), List.of("--definition", "exits with 1")),
        Arguments.of(List.of("dkg"), List.of("--peers", "--p2p-address", "--timeout", "deposit-data.json", "0600")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helpTexts")
  void everyCommandExplainsItself(List<String> command, List<String> expected) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.toString());
    for (String e : expected) {
      assertTrue(run.out().contains(e), e + " in\n" + run.out());
    }
  }

  @Test
  void createIdentityWritesTheNodeLayoutAndPrintsItsTokenLast() throws IOException {
    CliRun run = CliRun.of("create", "identity", "--data-dir", node(0).toString(), "--address", "node0.example:3610");
    assertEquals(0, run.exitCode(), run.toString());
    NodeIdentity identity = NodeIdentity.load(new NodeDirectory(node(0)).identityDir());
    Operator operator = OperatorToken.parse(lastLine(run.out()));
    assertEquals(identity.publicKey(), operator.identityPublicKey());
    assertEquals(identity.certificateFingerprint(), operator.certificateFingerprint());
    assertEquals("node0.example:3610", operator.address().orElseThrow());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        new NodeDirectory(node(0)).identityDir().resolve(NodeIdentity.KEY_FILE))));

    CliRun again = CliRun.of("create", "identity", "--data-dir", node(0).toString());
    assertEquals(1, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already holds an identity"), again.toString());
    assertEquals(identity.certificateFingerprint(),
        NodeIdentity.load(new NodeDirectory(node(0)).identityDir()).certificateFingerprint(), "not replaced");
  }

  @Test
  void aBadAddressIsRefusedBeforeAnythingIsWritten() {
    CliRun run = CliRun.of("create", "identity", "--data-dir", node(0).toString(), "--address", "no-port");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("host:port"), run.toString());
    assertFalse(Files.exists(node(0)));
  }

  static Stream<Arguments> badDefinitions() {
    return Stream.of(
        Arguments.of("fewer operators than --nodes", new String[] {"--nodes", "5"}, "--nodes 5 but 4 --operator"),
        Arguments.of("unsafe threshold", new String[] {"--threshold", "2"}, "unsafe"),
        Arguments.of("malformed operator", new String[] {"--nodes", "5", "--operator", "phalanx-id1:zz"}, "--operator 5"),
        Arguments.of("unknown network", new String[] {"--network", "nowhere"}, "unknown network"),
        Arguments.of("bad fee recipient", new String[] {"--fee-recipient", "0x1234"}, "--fee-recipient"),
        Arguments.of("no validators", new String[] {"--validators", "0"}, "number of validators"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDefinitions")
  void createDefinitionRefusesBadInputAndWritesNothing(String name, String[] override, String expected) {
    List<String> tokens = identities(4);
    Path output = dir.resolve("def.json");
    List<String> args = new ArrayList<>(List.of(createDefinition(output, tokens)));
    for (int k = 0; k < override.length; k += 2) {
      int at = args.indexOf(override[k]);
      if (at >= 0 && !override[k].equals("--operator")) {
        args.set(at + 1, override[k + 1]);
      } else {
        args.add(override[k]);
        args.add(override[k + 1]);
      }
    }
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertTrue(run.exitCode() != 0, run.toString());
    assertTrue(run.err().contains(expected), run.toString());
    assertFalse(Files.exists(output));
  }

  @Test
  void theSameOperatorTwiceIsRefused() {
    List<String> tokens = identities(3);
    List<String> four = new ArrayList<>(tokens);
    four.add(tokens.get(0));
    CliRun run = CliRun.of(createDefinition(dir.resolve("def.json"), four));
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("repeats another operator"), run.toString());
  }

  @Test
  void operatorsSignAndVerifySaysWhoHasSigned() throws IOException {
    List<String> tokens = identities(4);
    Path definition = dir.resolve("def.json");
    assertEquals(0, CliRun.of(createDefinition(definition, tokens)).exitCode());
    CliRun existing = CliRun.of(createDefinition(definition, tokens));
    assertEquals(1, existing.exitCode(), existing.toString());
    assertTrue(existing.err().contains("already exists"), existing.toString());

    for (int i = 0; i < 3; i++) {
      CliRun sign = CliRun.of("definition", "sign", "--data-dir", node(i).toString(), "--definition", definition.toString());
      assertEquals(0, sign.exitCode(), sign.toString());
      assertTrue(sign.out().contains((i + 1) + " of 4 operators have signed"), sign.toString());
    }
    CliRun partly = CliRun.of("definition", "verify", "--definition", definition.toString());
    assertEquals(1, partly.exitCode(), partly.toString());
    assertTrue(partly.out().contains("operator 2  signed, valid") && partly.out().contains("operator 3  NOT SIGNED"),
        partly.toString());

    CliRun outsider = CliRun.of("create", "identity", "--data-dir", dir.resolve("outsider").toString());
    assertEquals(0, outsider.exitCode());
    CliRun refused = CliRun.of("definition", "sign", "--data-dir", dir.resolve("outsider").toString(),
        "--definition", definition.toString());
    assertEquals(1, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("not one of the definition's operators"), refused.toString());

    assertEquals(0, CliRun.of("definition", "sign", "--data-dir", node(3).toString(), "--definition",
        definition.toString()).exitCode());
    CliRun all = CliRun.of("definition", "verify", "--definition", definition.toString());
    assertEquals(0, all.exitCode(), all.toString());
    assertTrue(all.out().contains("All 4 operators have signed"), all.toString());

    // Operator 1's signature moved to operator 0's entry: present but invalid.
    ClusterDefinition signed = ClusterDefinition.load(definition);
    String sig0 = signed.signatures().get(0).orElseThrow().toHex();
    String sig1 = signed.signatures().get(1).orElseThrow().toHex();
    Path swapped = dir.resolve("swapped.json");
    Files.writeString(swapped, signed.toJson().replace(sig0, "SIG0").replace(sig1, sig0).replace("SIG0", sig1));
    CliRun bad = CliRun.of("definition", "verify", "--definition", swapped.toString());
    assertEquals(1, bad.exitCode(), bad.toString());
    assertTrue(bad.out().contains("operator 0  SIGNATURE INVALID"), bad.toString());

    Path raised = dir.resolve("raised.json");
    Files.writeString(raised, signed.toJson().replace("\"threshold\" : 3", "\"threshold\" : 4"));
    CliRun tampered = CliRun.of("definition", "verify", "--definition", raised.toString());
    assertEquals(1, tampered.exitCode(), tampered.toString());
    assertTrue(tampered.err().contains("definition hash mismatch"), tampered.toString());
  }

  private static List<String> freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(s -> "127.0.0.1:" + s.getLocalPort()).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void fourOperatorsRunTheCeremonyAndGetNodeFoldersThatLoadAndCombine() throws Exception {
    List<String> tokens = identities(4);
    Path definition = dir.resolve("def.json");
    assertEquals(0, CliRun.of(createDefinition(definition, tokens)).exitCode());
    List<String> peers = freePorts(4);

    CliRun unsigned = CliRun.of("dkg", "--data-dir", node(0).toString(), "--definition", definition.toString(),
        "--p2p-address", peers.get(0), "--peers", String.join(",", peers));
    assertEquals(1, unsigned.exitCode(), unsigned.toString());
    assertTrue(unsigned.err().contains("has not signed the definition"), unsigned.toString());

    for (int i = 0; i < 4; i++) {
      assertEquals(0, CliRun.of("definition", "sign", "--data-dir", node(i).toString(), "--definition",
          definition.toString()).exitCode());
    }
    List<CompletableFuture<CliRun>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int index = i;
      CompletableFuture<CliRun> run = new CompletableFuture<>();
      Thread.ofPlatform().daemon().start(() -> run.complete(CliRun.of("dkg", "--data-dir", node(index).toString(),
          "--definition", definition.toString(), "--p2p-address", peers.get(index), "--peers", String.join(",", peers),
          "--timeout", "30", "--keystore-kdf", "pbkdf2")));
      runs.add(run);
    }
    for (CompletableFuture<CliRun> run : runs) {
      assertEquals(0, run.get().exitCode(), run.get().toString());
    }
    ClusterLock lock = ClusterLock.load(new NodeDirectory(node(0)).lockFile());
    for (int i = 0; i < 4; i++) {
      NodeDirectory folder = new NodeDirectory(node(i));
      assertEquals(i, NodeData.load(node(i)).nodeIndex());
      assertEquals(lock.lockHash(), ClusterLock.load(folder.lockFile()).lockHash());
      for (int j = 0; j < 2; j++) {
        BlsSecretKey share = KeystoreFiles.read(folder.keystore(j));
        assertEquals(lock.validators().get(j).publicShare(i), share.publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.keystore(j))));
      }
      var deposits = DepositDataFile.parseAndVerify(Files.readString(folder.root().resolve("deposit-data.json")));
      assertEquals(lock.validators().get(1).groupPublicKey(), deposits.get(1).pubkey());
    }
    for (int i = 0; i < 4; i++) {
      Files.delete(node(i).resolve("state").resolve("cluster-lock-hash"));
      Files.delete(node(i).resolve("state"));
    }
    Path recovered = dir.resolve("recovered");
    // Node 3's folder is left out: any three recover the keys.
    Path three = dir.resolve("three");
    Files.createDirectories(three);
    for (int i = 0; i < 3; i++) {
      Files.move(node(i), three.resolve(NodeDirectory.nodeName(i)));
    }
    CliRun combine = CliRun.of("combine", "--cluster-dir", three.toString(), "--output", recovered.toString(),
        "--keystore-kdf", "pbkdf2");
    assertEquals(0, combine.exitCode(), combine.toString());
    for (int j = 0; j < 2; j++) {
      assertEquals(lock.validators().get(j).groupPublicKey(),
          KeystoreFiles.read(recovered.resolve(KeystoreFiles.keystoreName(j))).publicKey());
    }

    CliRun again = CliRun.of("dkg", "--data-dir", node(3).toString(), "--definition", definition.toString(),
        "--peers", String.join(",", peers));
    assertEquals(1, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already holds a cluster"), again.toString());
  }

  @Test
  void aCeremonyWithAMissingOperatorStopsNamingItAndWritesNothing() throws Exception {
    List<String> tokens = identities(4);
    Path definition = dir.resolve("def.json");
    assertEquals(0, CliRun.of(createDefinition(definition, tokens)).exitCode());
    for (int i = 0; i < 4; i++) {
      assertEquals(0, CliRun.of("definition", "sign", "--data-dir", node(i).toString(), "--definition",
          definition.toString()).exitCode());
    }
    List<String> peers = freePorts(4);
    CliRun run = CliRun.of("dkg", "--data-dir", node(0).toString(), "--definition", definition.toString(),
        "--p2p-address", peers.get(0), "--peers", String.join(",", peers), "--timeout", "2");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("the ceremony stopped") && run.err().contains("node 1 (" + peers.get(1) + ")"),
        run.toString());
    try (Stream<Path> files = Files.list(node(0))) {
      assertEquals(List.of("identity"), files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
