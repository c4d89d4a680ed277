/**
 * The chain's clock ({@link io.phalanx.spec.time.SlotClock}): slots and epochs since genesis, time
 * from an injected {@link java.time.Clock} so slot logic is tested without waiting. Uses no other
 * io.phalanx package.
 */
package io.phalanx.spec.time;
