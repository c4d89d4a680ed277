/**
 * The consensus types a validator client signs and a beacon node serves, as records with one SSZ
 * schema each ({@code Type.SSZ}), in their Electra/Fulu form and with mainnet preset limits
 * ({@link io.phalanx.spec.types.MainnetPreset}).
 *
 * <p>Public keys, signatures and roots are plain {@link io.phalanx.spec.util.Bytes} of 48, 96 and
 * 32 bytes, checked when a record is made; nothing here does BLS. Field names follow the spec in
 * camelCase; the SSZ schemas and JSON use the spec's snake_case. Which fork uses which block
 * schema is said in one place, {@link io.phalanx.spec.types.ConsensusVersion}. May use
 * {@code io.phalanx.spec.ssz} and {@code io.phalanx.spec.util} only.
 */
package io.phalanx.spec.types;
