/**
 * {@code phalanx simnet --compare-solo}: a DV cluster and a solo validator run side by side on
 * identical parallel simulated chains under one fault schedule ({@link io.phalanx.sim.compare.Comparison}),
 * with attester effectiveness, inclusion delays and duty success per epoch, written as JSON, a
 * self-contained HTML report and PNG charts ({@link io.phalanx.sim.compare.Report}). Uses the rest
 * of the simulator ({@code chain}, {@code vc}, {@code fault}, {@link io.phalanx.sim.Simnet}) and the
 * layers below it.
 */
package io.phalanx.sim.compare;
