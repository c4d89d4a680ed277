/**
 * Slashing protection as data: the EIP-3076 rules per validator, a pruned multi-validator history
 * ({@link io.phalanx.consensus.slashing.SlashingHistory}) with its SSZ form, verdicts and the rules
 * they cite, and the interchange format read and written by streaming JSON. Pure: no clock, no
 * I/O beyond the streams it is given. May use spec ({@code util}, {@code ssz}) only.
 */
package io.phalanx.consensus.slashing;
