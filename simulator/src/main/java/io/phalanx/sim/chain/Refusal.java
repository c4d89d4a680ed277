package io.phalanx.sim.chain;

/**
 * A submitted message the chain refused.
 *
 * @param index the message's position in the request, as the beacon API's failures name it
 * @param reason the kind of refusal, as counted
 * @param detail the message for the client, starting with the reason
 */
public record Refusal(int index, FailureReason reason, String detail) {}
