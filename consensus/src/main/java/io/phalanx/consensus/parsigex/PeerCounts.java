package io.phalanx.consensus.parsigex;

/**
 * What this node exchanged with one peer since it started.
 *
 * @param messagesReceived batches from the peer that decoded and went to the listeners (a retried
 *     batch that had already arrived is not counted again)
 * @param partialsReceived partial signatures in those batches
 * @param batchesRejected batches from the peer that did not decode
 * @param messagesSent batches this node delivered to the peer
 * @param messagesDropped batches this node gave up on: the peer stayed unreachable until the
 *     deadline, refused the batch, or the batch was too large
 */
public record PeerCounts(
    long messagesReceived, long partialsReceived, long batchesRejected, long messagesSent, long messagesDropped) {}
