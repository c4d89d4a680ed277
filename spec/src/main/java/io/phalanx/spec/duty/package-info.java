/**
 * What a cluster agrees on: {@link io.phalanx.spec.duty.DutyKey}, one
 * {@link io.phalanx.spec.duty.DutyType} in one slot, the key of every decided value and every
 * partial-signature batch. Uses no other io.phalanx package.
 */
package io.phalanx.spec.duty;
