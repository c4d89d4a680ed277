/**
 * Shared test fixtures of the duty workflow, published as the duties module's test-jar: a
 * {@link io.phalanx.duties.testing.StubBeaconNode}, an in-memory
 * {@link io.phalanx.duties.testing.InMemoryConsensus} and
 * {@link io.phalanx.duties.testing.InMemoryExchange}, a {@link io.phalanx.duties.testing.ManualScheduler}
 * on a manual clock, a {@link io.phalanx.duties.testing.ValidatorClientStub} that signs with a
 * node's shares, and the {@link io.phalanx.duties.testing.InMemoryCluster} of N duty workflows
 * wired to all of them, so duty logic is tested in memory in milliseconds. It uses the duties
 * package's public API, the consensus and api interfaces, and the spec test-jar's clock and seeds.
 */
package io.phalanx.duties.testing;
