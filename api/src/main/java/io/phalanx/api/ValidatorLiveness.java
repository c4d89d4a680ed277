package io.phalanx.api;

/**
 * One element of {@code POST /eth/v1/validator/liveness/{epoch}}'s answer: whether the beacon node
 * saw the validator live in the epoch (for Phalanx: whether its attestation made it on chain).
 */
public record ValidatorLiveness(long index, boolean isLive) {}
