package io.phalanx.cluster.definition;

/** A cluster definition that cannot be used; the message names the check that failed. */
public final class InvalidDefinitionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidDefinitionException(String message) {
    super(message);
  }

  public InvalidDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
