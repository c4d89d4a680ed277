package io.phalanx.cluster.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.util.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void anIdentityWrittenLoadsAgainWithTheSameKeyAndCertificate() throws Exception {
    NodeIdentity identity = NodeIdentity.generate("phalanx-node0", new SecureRandom());
    identity.write(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(NodeIdentity.KEY_FILE))));
    NodeIdentity loaded = NodeIdentity.load(dir);
    assertEquals(identity.publicKey(), loaded.publicKey());
    assertEquals(identity.certificateFingerprint(), loaded.certificateFingerprint());
    Bytes message = Bytes.fromHex("0x" + "42".repeat(32));
    Bytes signature = loaded.sign(message);
    assertTrue(identity.publicKey().verify(message, signature));
    assertFalse(identity.publicKey().verify(Bytes.fromHex("0x" + "43".repeat(32)), signature));
    assertEquals(loaded.publicKey(), IdentityPublicKey.fromHex(loaded.publicKey().toHex()));
  }

  @Test
  void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
    NodeIdentity.generate("a", new SecureRandom()).write(dir);
    Path other = dir.resolve("other");
    NodeIdentity.generate("b", new SecureRandom()).write(other);
    Files.copy(other.resolve(NodeIdentity.CERT_FILE), dir.resolve(NodeIdentity.CERT_FILE),
        StandardCopyOption.REPLACE_EXISTING);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeIdentity.load(dir));
    assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
  }

  @Test
  void aMissingKeyFileIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeIdentity.load(dir));
    assertTrue(e.getMessage().contains(NodeIdentity.KEY_FILE), e.getMessage());
  }
}
