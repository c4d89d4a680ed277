/**
 * Beacon-API value types that are not consensus containers (genesis, duties, selections, proposer
 * preparations, a produced block with its headers). Each still has an
 * {@link io.phalanx.spec.ssz.SszContainer} schema: it gives them the beacon-API JSON form (uint64
 * as decimal strings, bytes as 0x-hex) from the same engine as the consensus types. May use spec's
 * {@code types}, {@code ssz} and {@code util}.
 */
package io.phalanx.spec.api;
