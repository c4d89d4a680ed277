/**
 * JMH benchmarks ({@code ./bench}) of the building blocks whose cost sets the targets: BLS signing,
 * verification and combination, SSZ hash_tree_root of a block, slashing protection, beacon-node
 * failover and a whole DKG ceremony ({@link io.phalanx.bench.LocalCeremony}, which the DKG
 * integration test reuses).
 *
 * <p>Why in integration-tests' main code rather than in the modules they measure: a benchmark is a
 * measuring harness, not part of what an operator runs, so none of it ships in the {@code phalanx}
 * binary; it sits on top of the stack beside the integration tests, with the JMH annotation
 * processor configured once. It may use every product layer up to the simulator but not the command
 * line, and nothing but the integration tests may use it.
 */
package io.phalanx.bench;
