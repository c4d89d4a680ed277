/**
 * Beacon-API value types that are not consensus containers (duties, selections). Each still has
 * an {@link io.phalanx.spec.ssz.SszContainer} schema: it gives them the beacon-API JSON form
 * (uint64 as decimal strings, bytes as 0x-hex) from the same engine as the consensus types.
 */
package io.phalanx.spec.api;
