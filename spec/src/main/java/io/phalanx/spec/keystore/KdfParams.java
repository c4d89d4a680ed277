package io.phalanx.spec.keystore;

/**
 * The parameters of an EIP-2335 key-derivation function, apart from the salt (which is drawn
 * afresh for every keystore and so lives in {@link Keystore.Kdf}).
 *
 * <p>The constructors refuse parameters that are malformed or so costly that deriving the key
 * would exhaust memory or stall a node for minutes: a keystore is input from outside, and a
 * crafted one must not be able to take a validator client down.
 */
public sealed interface KdfParams {
  /** The smallest key the keystore needs: 16 bytes of AES key and 16 bytes for the checksum. */
  int MIN_DKLEN = 32;

  /**
   * Longer keys add nothing (only 32 bytes are used) but, for PBKDF2, multiply the work; no
   * known tool writes more than 32.
   */
  int MAX_DKLEN = 64;

  /** The {@code crypto.kdf.function} value, as the EIP names it. */
  String function();

  /** Length of the derived decryption key in bytes. */
  int dklen();

  /**
   * scrypt (RFC 7914). Memory is {@code 128·n·r} bytes and work grows with {@code n·r·p}.
   *
   * @param n CPU/memory cost, a power of two
   * @param r block size
   * @param p parallelisation
   * @param dklen derived key length in bytes
   */
  record Scrypt(int n, int r, int p, int dklen) implements KdfParams {
    public static final String FUNCTION = "scrypt";

    /** {@code n·r} at most 2^23 keeps memory at or below 1 GiB (4 × the EIP's parameters). */
    static final long MAX_N_TIMES_R = 1L << 23;

    /** {@code n·r·p} at most 2^25 keeps the work at or below 16 × the EIP's parameters. */
    static final long MAX_N_TIMES_R_TIMES_P = 1L << 25;

    public Scrypt {
      if (n < 2 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException(
            "scrypt n must be a power of two greater than 1, got " + n);
      }
      if (r < 1) {
        throw new IllegalArgumentException("scrypt r must be at least 1, got " + r);
      }
      if (p < 1) {
        throw new IllegalArgumentException("scrypt p must be at least 1, got " + p);
      }
      checkDklen(FUNCTION, dklen);
      long memory = (long) n * r;
      if (memory > MAX_N_TIMES_R) {
        throw new IllegalArgumentException(
            "scrypt n=" + n + ", r=" + r + " would need " + (128 * memory >> 20)
                + " MiB of memory; refusing more than " + (128 * MAX_N_TIMES_R >> 20) + " MiB");
      }
      if (memory * p > MAX_N_TIMES_R_TIMES_P) {
        throw new IllegalArgumentException(
            "scrypt n=" + n + ", r=" + r + ", p=" + p + " gives n*r*p = " + memory * p
                + "; refusing more than " + MAX_N_TIMES_R_TIMES_P
                + " (16 times the work of the EIP-2335 parameters)");
      }
    }

    @Override
    public String function() {
      return FUNCTION;
    }
  }

  /**
   * PBKDF2 (RFC 2898) with HMAC-SHA-256, the only pseudo-random function EIP-2335 names.
   *
   * @param c iteration count
   * @param dklen derived key length in bytes
   * @param prf pseudo-random function, {@value #PRF_HMAC_SHA256}
   */
  record Pbkdf2(int c, int dklen, String prf) implements KdfParams {
    public static final String FUNCTION = "pbkdf2";
    public static final String PRF_HMAC_SHA256 = "hmac-sha256";

    /** 2^22 iterations is 16 × the EIP's parameters. */
    static final int MAX_C = 1 << 22;

    public Pbkdf2 {
      if (c < 1 || c > MAX_C) {
        throw new IllegalArgumentException(
            "pbkdf2 c must be between 1 and " + MAX_C + ", got " + c);
      }
      checkDklen(FUNCTION, dklen);
      if (!PRF_HMAC_SHA256.equals(prf)) {
        throw new IllegalArgumentException(
            "pbkdf2 prf must be \"" + PRF_HMAC_SHA256 + "\", got "
                + (prf == null ? "nothing" : "\"" + prf + "\""));
      }
    }

    @Override
    public String function() {
      return FUNCTION;
    }
  }

  /** scrypt as the EIP's test vector and the deposit CLI use it: n=2^18, r=8, p=1, dklen=32. */
  static KdfParams scryptDefault() {
    return new Scrypt(262144, 8, 1, 32);
  }

  /** PBKDF2 as the EIP's test vector uses it: c=2^18, dklen=32, HMAC-SHA-256. */
  static KdfParams pbkdf2Default() {
    return new Pbkdf2(262144, 32, Pbkdf2.PRF_HMAC_SHA256);
  }

  private static void checkDklen(String function, int dklen) {
    if (dklen < MIN_DKLEN || dklen > MAX_DKLEN) {
      throw new IllegalArgumentException(
          function + " dklen must be between " + MIN_DKLEN + " and " + MAX_DKLEN + ", got "
              + dklen);
    }
  }
}
