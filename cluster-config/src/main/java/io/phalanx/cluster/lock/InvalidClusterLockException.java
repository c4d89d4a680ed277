package io.phalanx.cluster.lock;

/** A cluster lock that cannot be used; the message names the check that failed. */
public final class InvalidClusterLockException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidClusterLockException(String message) {
    super(message);
  }

  public InvalidClusterLockException(String message, Throwable cause) {
    super(message, cause);
  }
}
