/**
 * Simple Serialize (SSZ): one small engine for serialization, strict deserialization,
 * hash_tree_root and the beacon-API JSON form of every consensus type.
 *
 * <p>A schema is an {@link io.phalanx.spec.ssz.SszType}. Basic types and composite-type factories
 * are in {@link io.phalanx.spec.ssz.Ssz}; a module defines a container for its own record with
 * {@link io.phalanx.spec.ssz.SszContainer#builder(Class)}: the fields in the spec's order, each
 * with its snake_case name, SSZ type and accessor, then a constructor function that takes the
 * values in the same order.
 *
 * <pre>{@code
 * public record LockHashInput(Bytes clusterName, long threshold, List<Bytes> operators) {
 *   public static final SszContainer<LockHashInput> SSZ =
 *       SszContainer.builder(LockHashInput.class)
 *           .field("cluster_name", Ssz.byteList(256), LockHashInput::clusterName)
 *           .field("threshold", Ssz.UINT64, LockHashInput::threshold)
 *           .field("operators", Ssz.list(Ssz.BYTES20, 256), LockHashInput::operators)
 *           .build(v -> new LockHashInput(v.next(), v.next(), v.next()));
 * }
 *
 * Bytes root = LockHashInput.SSZ.hashTreeRoot(input);
 * byte[] wire = LockHashInput.SSZ.serialize(input);
 * LockHashInput back = LockHashInput.SSZ.deserialize(wire);
 * JsonNode json = LockHashInput.SSZ.toJson(input); // {"cluster_name":"0x..","threshold":"3",..}
 * }</pre>
 *
 * <p>Containers nest: a container schema is an {@code SszType} and can be a field, a vector or a
 * list element of another. Java values: boolean as Boolean, uint8 as Integer, uint64 as long (read
 * unsigned), uint256 as BigInteger, byte vectors and byte lists as {@link
 * io.phalanx.spec.util.Bytes}, vectors and lists as immutable {@link java.util.List}s, bitvectors
 * and bitlists as {@link io.phalanx.spec.ssz.Bitfield}.
 *
 * <p>Deserialization is strict, as consensus needs: a value has exactly one encoding, so wrong
 * lengths, malformed offsets, trailing bytes, non-canonical booleans, bitlists without a delimiter
 * and excess bits are rejected with an {@link IllegalArgumentException} that names the field path.
 * May use {@code io.phalanx.spec.util} only.
 */
package io.phalanx.spec.ssz;
