/**
 * BLS12-381 signatures as Ethereum uses them (ciphersuite {@code
 * BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_}: public keys in G1, signatures in G2), and the
 * threshold layer a distributed validator needs on top: Shamir shares of a validator key, Feldman
 * commitments for the DKG, and Lagrange combination of partial signatures into the validator's
 * signature.
 *
 * <p>Every public type here is immutable and safe to share between threads. Points are validated
 * once, when they enter as bytes, so that later operations can skip the costly subgroup checks.
 * May use {@code io.phalanx.spec.util} only.
 */
package io.phalanx.spec.bls;
