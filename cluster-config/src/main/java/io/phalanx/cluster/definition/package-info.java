/**
 * {@code cluster-definition.json}: the cluster its operators agree to create by a DKG ceremony,
 * its SSZ definition hash and the operators' signatures of it, and the operator tokens that name a
 * node's identity. May use spec ({@code util}, {@code ssz}, {@code network}, {@code keystore}) and
 * cluster-config's {@code identity}, {@code lock}, {@code dealer} (its cluster spec) and {@code files}.
 */
package io.phalanx.cluster.definition;
