package io.phalanx.api.json;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Some elements of a JSON array were wrong: each failure names its index, as the beacon API's
 * IndexedErrorMessage does.
 */
public class InvalidElementsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<ErrorBody.Failure> failures;

  public InvalidElementsException(List<ErrorBody.Failure> failures) {
    super(failures.stream().map(f -> "[" + f.index() + "] " + f.message()).collect(Collectors.joining("; ")));
    this.failures = List.copyOf(failures);
  }

  public List<ErrorBody.Failure> failures() {
    return failures;
  }
}
