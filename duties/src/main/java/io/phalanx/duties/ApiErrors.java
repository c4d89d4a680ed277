package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.json.ErrorBody;
import io.phalanx.api.json.InvalidElementsException;
import io.phalanx.cluster.lock.DistributedValidator;
import java.util.List;

/** The validator API's refusals that several duties give, worded once. */
final class ApiErrors {
  private ApiErrors() {}

  /**
   * A 400 for the element at {@code index} of a submitted list, which the answer names in its
   * failures (the beacon API's IndexedErrorMessage).
   */
  static ApiException refused(int index, String message) {
    return new ApiException(400, message, new InvalidElementsException(
        List.of(new ErrorBody.Failure(index, message))));
  }

  /** The validator of the element at {@code position} of a submitted list; a stranger is refused (400). */
  static DistributedValidator validatorAt(ClusterView view, int position, long index) {
    return view.byIndex(index).orElseThrow(() -> refused(position,
        "validator " + index + " is not one of this cluster's validators (or its index is not known yet)"));
  }

  /** The cluster's validator with {@code index}; a stranger is not found (404). */
  static DistributedValidator validator(ClusterView view, long index) {
    return view.byIndex(index).orElseThrow(() -> ApiException.notFound(
        "validator " + index + " is not one of this cluster's validators (or its index is not known yet)"));
  }

  /** Whether the beacon node answered 404: it has nothing (yet) for what was asked. */
  static boolean isNotFound(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiException api && api.status() == 404) {
        return true;
      }
    }
    return false;
  }
}
