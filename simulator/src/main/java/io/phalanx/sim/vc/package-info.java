/**
 * The simulated validator client of {@code phalanx simnet}: a validator client in distributed
 * mode that holds key shares and talks to its Phalanx node only through {@link
 * io.phalanx.api.BeaconNode}, as Lighthouse, Teku or Lodestar with their distributed flag do.
 * {@link io.phalanx.sim.vc.SimulatedValidatorClient} is the entry point; the rest is its
 * machinery, one class per duty.
 *
 * <p>It uses only {@code io.phalanx.spec} and {@code io.phalanx.api}, as a real validator client
 * knows nothing of the node behind the API nor of the simulated chain.
 */
package io.phalanx.sim.vc;
