/**
 * EIP-2335 keystores: the JSON form, the key-derivation parameters (bounded, since a keystore is
 * input from outside) and {@link io.phalanx.spec.keystore.Keystores}, which encrypts and decrypts
 * without letting a password or secret into a message. May use {@code io.phalanx.spec.util} only.
 */
package io.phalanx.spec.keystore;
