package io.phalanx.cluster.dealer;

import io.phalanx.cluster.files.Parallel;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Validator keys an operator already has (the way a solo staker moves to DVT): every
 * {@code *.json} keystore in a folder, each with its password in the {@code .txt} file of the same
 * name, as the staking-deposit-cli and validator clients lay them out.
 */
public final class ExistingKeys {
  private ExistingKeys() {}

  /**
   * Decrypts every keystore in {@code dir}, in the order of the numbers in their names.
   *
   * @throws IllegalArgumentException when the folder has no keystores, a password is missing or
   *     wrong, or two keystores hold the same key
   */
  public static List<BlsSecretKey> load(Path dir) {
    List<Path> files = KeystoreFiles.list(dir);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "no keystores (*.json) in " + dir + ": put each keystore there with its password in a .txt file of the same name");
    }
    List<BlsSecretKey> keys = Parallel.map(
        files.stream().<Callable<BlsSecretKey>>map(f -> () -> KeystoreFiles.read(f)).toList());
    Map<BlsPublicKey, Path> seen = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Path previous = seen.put(keys.get(i).publicKey(), files.get(i));
      if (previous != null) {
        throw new IllegalArgumentException(
            files.get(i) + " and " + previous + " hold the same validator key; keep one of them");
      }
    }
    return keys;
  }
}
