package io.phalanx.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router<String> router = new Router<String>()
      .route("GET", "/eth/v1/beacon/states/{state_id}/fork", "fork")
      .route("POST", "/eth/v1/validator/duties/attester/{epoch}", "attester")
      .route("GET", "/eth/v1/node/health", "health")
      .route("GET", "/eth/v1/node/{what}", "node");

  @Test
  void aTemplateSegmentInBracesIsAPathParameter() {
    Router.Match<String> match = router.match("GET", "/eth/v1/beacon/states/head/fork").orElseThrow();
    assertEquals("fork", match.handler());
    assertEquals("/eth/v1/beacon/states/{state_id}/fork", match.route().template());
    assertEquals(Map.of("state_id", "head"), match.pathParameters());
  }

  @Test
  void theMethodMustFit() {
    assertEquals(Optional.empty(), router.match("GET", "/eth/v1/validator/duties/attester/3"));
    assertEquals("attester", router.match("POST", "/eth/v1/validator/duties/attester/3").orElseThrow().handler());
  }

  @Test
  void theFirstRouteThatFitsWins() {
    assertEquals("health", router.match("GET", "/eth/v1/node/health").orElseThrow().handler());
    assertEquals(Map.of("what", "version"), router.match("GET", "/eth/v1/node/version").orElseThrow().pathParameters());
  }

  @Test
  void everySlashOfAPathCounts() {
    assertEquals(Optional.empty(), router.match("GET", "/eth/v1/node/health/"));
    assertEquals(Optional.empty(), router.match("GET", "//eth/v1/node/health"));
    assertEquals(Optional.empty(), router.match("GET", "eth/v1/node/health"));
    assertEquals(Optional.empty(), router.match("GET", "/eth/v1/beacon/states//fork"), "an empty parameter");
    assertEquals(Optional.empty(), router.match("GET", "/eth/v1/beacon/states/a/b/fork"));
  }

  @Test
  void aCallerMayCutThePathItself() {
    assertEquals(Map.of("state_id", "a/b"),
        router.match("GET", List.of("eth", "v1", "beacon", "states", "a/b", "fork")).orElseThrow().pathParameters());
  }

  @Test
  void aPathServedByAnotherMethodIsKnown() {
    assertTrue(router.servesPath(List.of("eth", "v1", "validator", "duties", "attester", "3")));
    assertFalse(router.servesPath(List.of("eth", "v1", "nothing")));
  }

  @Test
  void aTemplateStartsWithASlash() {
    assertThrows(IllegalArgumentException.class, () -> router.route("GET", "eth/v1/x", "x"));
  }
}
