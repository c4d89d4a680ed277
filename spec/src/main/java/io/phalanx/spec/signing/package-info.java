/**
 * Signing domains and signing roots: {@link io.phalanx.spec.signing.DomainType} holds the spec's
 * domain types, {@link io.phalanx.spec.signing.SigningRoots} every rule for turning a message into
 * the 32 bytes a validator signs. Nothing else in Phalanx computes a domain or a signing root.
 * May use spec's {@code types}, {@code ssz} and {@code util}.
 */
package io.phalanx.spec.signing;
