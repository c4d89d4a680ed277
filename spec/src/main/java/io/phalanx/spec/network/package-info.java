/**
 * The Ethereum networks Phalanx knows, as far as signing needs them
 * ({@link io.phalanx.spec.network.Network}: genesis fork version and genesis validators root).
 * May use {@code io.phalanx.spec.util} only.
 */
package io.phalanx.spec.network;
